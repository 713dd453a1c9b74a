namespace ImageFunctions.Jobs;

/// <summary>
/// Live job state and the result cache: Redis in production, memory in the embedded standalone mode.
/// It is an accelerator, not the source of truth (Durable's record is): reads answer null or empty
/// and writes are dropped when the backend is down, so jobs keep running without it.
/// </summary>
public interface IJobStateStore
{
    Task SaveJobAsync(JobSpec spec, CancellationToken cancellationToken);

    Task<JobSpec?> GetJobAsync(string jobId, CancellationToken cancellationToken);

    Task SetImageStateAsync(string jobId, string taskId, ImageState state, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, ImageState>> GetImageStatesAsync(string jobId, CancellationToken cancellationToken);

    Task<string?> GetCachedResultAsync(string cacheKey, CancellationToken cancellationToken);

    Task SetCachedResultAsync(string cacheKey, string processedBlobName, CancellationToken cancellationToken);

    /// <summary>
    /// Marks a job deleted for the retention period, so that its running activities stop at their next stage and no
    /// reader shows it again. Unlike the other writes this one throws when the backend cannot record it.
    /// </summary>
    Task MarkDeletedAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>True once the job was deleted; false when it was not, or the backend is down.</summary>
    Task<bool> IsDeletedAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Forgets a job's spec and live progress (its deletion mark stays).</summary>
    Task ForgetJobAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims an idempotency key (<paramref name="keyHash"/>: a hash of the scoped key, never the key) for a request
    /// identified by <paramref name="token"/>, atomically and for <paramref name="lease"/> only, so a crashed request
    /// frees it. Answers who holds it; throws <see cref="IdempotencyStoreUnavailableException"/> when the backend is down.
    /// </summary>
    Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Binds a key the caller still holds (by <paramref name="token"/>) to its job for the retention period; false when
    /// the claim was lost (its lease ran out) or the backend is down.
    /// </summary>
    Task<bool> CompleteIdempotencyKeyAsync(string keyHash, string token, IdempotencyRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Extends the lease of a key the caller still holds (by <paramref name="token"/>) to <paramref name="lease"/> from now,
    /// while its request is still reading the upload; false when the claim was lost or the backend is down.
    /// </summary>
    Task<bool> RenewIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Frees a key the caller still holds (its request failed), so a retry may use it.</summary>
    Task ReleaseIdempotencyKeyAsync(string keyHash, string token, CancellationToken cancellationToken);

    /// <summary>Forgets a key bound to <paramref name="jobId"/> (the job was deleted); a key bound to another job stays.</summary>
    Task ForgetIdempotencyKeyAsync(string keyHash, string jobId, CancellationToken cancellationToken);

    /// <summary>Throws when the backend cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>Live state of one image: a value of <see cref="ImageStatuses"/> and an error when it failed.</summary>
public sealed record ImageState(string Status, string? Error = null);
