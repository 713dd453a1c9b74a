using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ImageFunctions.Jobs;

/// <summary>
/// Job state in Redis: <c>job:{id}</c> (hash: spec), <c>job:{id}:progress</c> (hash: task id to state),
/// <c>cache:{key}</c> (string: processed blob name), <c>job:{id}:deleted</c> (the deletion mark). Every key expires after
/// the retention period.
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

    public async Task CheckHealthAsync(CancellationToken cancellationToken) =>
        await redis.GetDatabase().PingAsync();

    private static RedisKey JobKey(string jobId) => $"job:{jobId}";

    private static RedisKey ProgressKey(string jobId) => $"job:{jobId}:progress";

    private static RedisKey CacheKey(string key) => $"cache:{key}";

    private static RedisKey DeletedKey(string jobId) => $"job:{jobId}:deleted";

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
