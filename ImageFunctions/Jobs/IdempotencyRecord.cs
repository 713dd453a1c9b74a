namespace ImageFunctions.Jobs;

/// <summary>
/// What an <c>Idempotency-Key</c> is bound to once its first request succeeded: the fingerprint of that request and the
/// job it created. A repeat is answered from it only when its fingerprint is the same.
/// </summary>
public sealed record IdempotencyRecord(string Fingerprint, string JobId, IReadOnlyList<string> TaskIds);

/// <summary>
/// The answer of <see cref="IJobStateStore.ClaimIdempotencyKeyAsync"/>: the key is now held by the caller
/// (<see cref="Claimed"/>), held by a request still running (neither), or bound to a job (<see cref="Existing"/>).
/// </summary>
public sealed record IdempotencyClaim(bool Claimed, IdempotencyRecord? Existing)
{
    public static readonly IdempotencyClaim Won = new(true, null);
    public static readonly IdempotencyClaim InProgress = new(false, null);

    public static IdempotencyClaim Bound(IdempotencyRecord record) => new(false, record);
}

/// <summary>The key store could not be reached, so a request with an <c>Idempotency-Key</c> cannot be kept to one job.</summary>
public sealed class IdempotencyStoreUnavailableException(string message, Exception inner) : Exception(message, inner);
