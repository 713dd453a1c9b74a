using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ImageFunctions.Jobs;

/// <summary>
/// Job state in Redis: <c>job:{id}</c> (hash: spec), <c>job:{id}:progress</c> (hash: task id to state),
/// <c>cache:{key}</c> (string: processed blob name), <c>job:{id}:deleted</c> (the deletion mark),
/// <c>idempotency:{hash}</c> (string: <c>claim:{token}</c> for a short lease while its first request runs, then the
/// <see cref="IdempotencyRecord"/> as JSON). The keys expire after the retention period.
/// Redis faults are logged and swallowed: Redis accelerates, Durable decides.
/// </summary>
public sealed class RedisJobStateStore(IConnectionMultiplexer redis, TimeSpan retention, ILogger<RedisJobStateStore> logger) : IJobStateStore
{

    public Task SaveJobAsync(JobSpec spec, CancellationToken cancellationToken) => TryAsync("save job", async db =>
    {
        var key = JobKey(spec.JobId);
        await db.HashSetAsync(key, "spec", JsonSerializer.Serialize(spec));
        await db.KeyExpireAsync(key, retention);
        return true;
    }, false);

    public Task<JobSpec?> GetJobAsync(string jobId, CancellationToken cancellationToken) => TryAsync("read job", async db =>
    {
        var json = await db.HashGetAsync(JobKey(jobId), "spec");
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<JobSpec>(json.ToString());
    }, null);

    public Task SetImageStateAsync(string jobId, string taskId, ImageState state, CancellationToken cancellationToken) => TryAsync("record progress", async db =>
    {
        var key = ProgressKey(jobId);
        await db.HashSetAsync(key, taskId, JsonSerializer.Serialize(state));
        await db.KeyExpireAsync(key, retention);
        return true;
    }, false);

    public Task<IReadOnlyDictionary<string, ImageState>> GetImageStatesAsync(string jobId, CancellationToken cancellationToken) => TryAsync("read progress", async db =>
    {
        var entries = await db.HashGetAllAsync(ProgressKey(jobId));
        return (IReadOnlyDictionary<string, ImageState>)entries.ToDictionary(
            e => e.Name.ToString(),
            e => JsonSerializer.Deserialize<ImageState>(e.Value.ToString())!);
    }, new Dictionary<string, ImageState>());

    public Task<string?> GetCachedResultAsync(string cacheKey, CancellationToken cancellationToken) => TryAsync("read cache", async db =>
    {
        var value = await db.StringGetAsync(CacheKey(cacheKey));
        return value.IsNullOrEmpty ? null : value.ToString();
    }, null);

    public Task SetCachedResultAsync(string cacheKey, string processedBlobName, CancellationToken cancellationToken) => TryAsync("write cache", async db =>
        await db.StringSetAsync(CacheKey(cacheKey), processedBlobName, retention), false);

    public async Task MarkDeletedAsync(string jobId, CancellationToken cancellationToken) =>
        await redis.GetDatabase().StringSetAsync(DeletedKey(jobId), "1", retention); // throws when Redis is down: a deletion must not be lost

    public Task<bool> IsDeletedAsync(string jobId, CancellationToken cancellationToken) => TryAsync("read deletion mark", async db =>
        await db.KeyExistsAsync(DeletedKey(jobId)), false);

    public Task ForgetJobAsync(string jobId, CancellationToken cancellationToken) => TryAsync("forget job", async db =>
        await db.KeyDeleteAsync([JobKey(jobId), ProgressKey(jobId)]) >= 0, false);

    public async Task<IdempotencyClaim> ClaimIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey(keyHash);
        try
        {
            var db = redis.GetDatabase();
            // Twice: the holder may free the key (or its lease end) between our SET NX and our GET.
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (await db.StringSetAsync(key, Claim(token), lease, When.NotExists))
                {
                    return IdempotencyClaim.Won;
                }

                var value = await db.StringGetAsync(key);
                if (!value.IsNullOrEmpty)
                {
                    var text = value.ToString();
                    return text.StartsWith(ClaimPrefix, StringComparison.Ordinal)
                        ? IdempotencyClaim.InProgress
                        : IdempotencyClaim.Bound(JsonSerializer.Deserialize<IdempotencyRecord>(text)!);
                }
            }

            return IdempotencyClaim.InProgress;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            throw new IdempotencyStoreUnavailableException("Redis is unavailable; the idempotency key cannot be claimed.", ex);
        }
    }

    public Task<bool> CompleteIdempotencyKeyAsync(string keyHash, string token, IdempotencyRecord record, CancellationToken cancellationToken) =>
        TryAsync("bind idempotency key", async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                SetIfEqualScript,
                [IdempotencyKey(keyHash)],
                [Claim(token), JsonSerializer.Serialize(record), (long)retention.TotalMilliseconds]);
            return (long)result == 1;
        }, false);

    public Task<bool> RenewIdempotencyKeyAsync(string keyHash, string token, TimeSpan lease, CancellationToken cancellationToken) =>
        TryAsync("renew idempotency key", async db =>
        {
            var result = await db.ScriptEvaluateAsync(
                ExpireIfEqualScript, [IdempotencyKey(keyHash)], [Claim(token), (long)lease.TotalMilliseconds]);
            return (long)result == 1;
        }, false);

    public Task ReleaseIdempotencyKeyAsync(string keyHash, string token, CancellationToken cancellationToken) =>
        TryAsync("release idempotency key", async db =>
        {
            await db.ScriptEvaluateAsync(DeleteIfEqualScript, [IdempotencyKey(keyHash)], [Claim(token)]);
            return true;
        }, false);

    public Task ForgetIdempotencyKeyAsync(string keyHash, string jobId, CancellationToken cancellationToken) =>
        TryAsync("forget idempotency key", async db =>
        {
            var key = IdempotencyKey(keyHash);
            var value = await db.StringGetAsync(key);
            if (value.IsNullOrEmpty || value.ToString().StartsWith(ClaimPrefix, StringComparison.Ordinal)
                || JsonSerializer.Deserialize<IdempotencyRecord>(value.ToString())?.JobId != jobId)
            {
                return false;
            }

            await db.ScriptEvaluateAsync(DeleteIfEqualScript, [key], [value]);
            return true;
        }, false);

    public async Task CheckHealthAsync(CancellationToken cancellationToken) =>
        await redis.GetDatabase().PingAsync();

    private static RedisKey JobKey(string jobId) => $"job:{jobId}";

    private static RedisKey ProgressKey(string jobId) => $"job:{jobId}:progress";

    private static RedisKey CacheKey(string key) => $"cache:{key}";

    private static RedisKey DeletedKey(string jobId) => $"job:{jobId}:deleted";

    private static RedisKey IdempotencyKey(string keyHash) => $"idempotency:{keyHash}";

    /// <summary>The value of a claimed key: the holder's token, until the key is bound to a job (JSON).</summary>
    private static string Claim(string token) => ClaimPrefix + token;

    private const string ClaimPrefix = "claim:";

    /// <summary>SET KEYS[1] to ARGV[2] with a TTL of ARGV[3] ms, only while it holds ARGV[1]: one atomic step on any Redis.</summary>
    private const string SetIfEqualScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 else return 0 end";

    /// <summary>PEXPIRE KEYS[1] to ARGV[2] ms, only while it holds ARGV[1].</summary>
    private const string ExpireIfEqualScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end";

    /// <summary>DEL KEYS[1], only while it holds ARGV[1].</summary>
    private const string DeleteIfEqualScript =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

    private async Task<T> TryAsync<T>(string operation, Func<IDatabase, Task<T>> action, T fallback)
    {
        try
        {
            return await action(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogWarning("Redis unavailable, could not {Operation}: {Error}", operation, ex.Message);
            return fallback;
        }
    }
}
