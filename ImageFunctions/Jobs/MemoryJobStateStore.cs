using Microsoft.Extensions.Caching.Memory;
using System.Collections.Concurrent;

namespace ImageFunctions.Jobs;

/// <summary>
/// Job state in process memory, for the embedded standalone mode. Entries expire after the retention period; an idempotency
/// key holds the claiming request's token (a string) until it is bound to an <see cref="IdempotencyRecord"/>.
/// </summary>
public sealed class MemoryJobStateStore(TimeSpan retention) : IJobStateStore, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    /// <summary>Makes each idempotency key's read-then-write one step (a claim, completion or release).</summary>
    private readonly Lock _keys = new();


    public Task SaveJobAsync(JobSpec spec, CancellationToken cancellationToken)
    {
        _cache.Set(("job", spec.JobId), spec, retention);
        return Task.CompletedTask;
    }

    public Task<JobSpec?> GetJobAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_cache.Get<JobSpec>(("job", jobId)));

    public Task SetImageStateAsync(string jobId, string taskId, ImageState state, CancellationToken cancellationToken)
    {
        var states = _cache.GetOrCreate(("progress", jobId), entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = retention;
            return new ConcurrentDictionary<string, ImageState>(StringComparer.Ordinal);
        })!;
        states[taskId] = state;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, ImageState>> GetImageStatesAsync(string jobId, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, ImageState> states = _cache.Get<ConcurrentDictionary<string, ImageState>>(("progress", jobId)) is { } found
            ? new Dictionary<string, ImageState>(found)
            : new Dictionary<string, ImageState>();
        return Task.FromResult(states);
    }

    public Task<string?> GetCachedResultAsync(string cacheKey, CancellationToken cancellationToken) =>
        Task.FromResult(_cache.Get<string>(("cache", cacheKey)));

    public Task SetCachedResultAsync(string cacheKey, string processedBlobName, CancellationToken cancellationToken)
    {
        _cache.Set(("cache", cacheKey), processedBlobName, retention);
        return Task.CompletedTask;
    }

    public Task MarkDeletedAsync(string jobId, CancellationToken cancellationToken)
    {
        _cache.Set(("deleted", jobId), true, retention);
        return Task.CompletedTask;
    }

    public Task<bool> IsDeletedAsync(string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_cache.TryGetValue(("deleted", jobId), out _));

    public Task ForgetJobAsync(string jobId, CancellationToken cancellationToken)
    {
        _cache.Remove(("job", jobId));
        _cache.Remove(("progress", jobId));
        return Task.CompletedTask;
    }

    public Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            switch (_cache.Get(("idempotency", keyHash)))
            {
                case IdempotencyRecord record:
                    return Task.FromResult(IdempotencyClaim.Bound(record));
                case string:
                    return Task.FromResult(IdempotencyClaim.InProgress);
                default:
                    _cache.Set(("idempotency", keyHash), token, lease);
                    return Task.FromResult(IdempotencyClaim.Won);
            }
        }
    }

    public Task<bool> CompleteIdempotencyKeyAsync(string keyHash, string token, IdempotencyRecord record, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_cache.Get(("idempotency", keyHash)) is not string holder || holder != token)
            {
                return Task.FromResult(false);
            }

            _cache.Set(("idempotency", keyHash), record, retention);
            return Task.FromResult(true);
        }
    }

    public Task<bool> RenewIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_cache.Get(("idempotency", keyHash)) is not string holder || holder != token)
            {
                return Task.FromResult(false);
            }

            _cache.Set(("idempotency", keyHash), token, lease);
            return Task.FromResult(true);
        }
    }

    public Task ReleaseIdempotencyKeyAsync(string keyHash, string token, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_cache.Get(("idempotency", keyHash)) is string holder && holder == token)
            {
                _cache.Remove(("idempotency", keyHash));
            }
        }

        return Task.CompletedTask;
    }

    public Task ForgetIdempotencyKeyAsync(string keyHash, string jobId, CancellationToken cancellationToken)
    {
        lock (_keys)
        {
            if (_cache.Get(("idempotency", keyHash)) is IdempotencyRecord record && record.JobId == jobId)
            {
                _cache.Remove(("idempotency", keyHash));
            }
        }

        return Task.CompletedTask;
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _cache.Dispose();
}
