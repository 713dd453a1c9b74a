using StackExchange.Redis;

namespace ImageFunctions.Api.RateLimiting;

/// <summary>
/// Fixed windows in Redis, shared by every instance: one key per client (<c>ratelimit:{key}</c>), counted and given its
/// expiry in one atomic script, so concurrent hits from several instances never lose a count or leave a key that never
/// expires.
/// </summary>
/// <remarks>
/// Why not the served RedisRateLimiting 1.2.1: its fixed window is computed from each instance's own clock in whole
/// seconds and it reports Retry-After truncated to whole seconds (0 during a window's last second), it is built against
/// StackExchange.Redis 2.x while the app uses 3.x, and its partitioned limiter keeps one limiter object per client in
/// memory. INCR + PEXPIRE in one script needs none of that: the window is Redis's own key expiry (one clock for all
/// instances, millisecond precision) and PTTL is exactly the time until the window frees its permits.
/// </remarks>
public sealed class RedisFixedWindowCounter(IConnectionMultiplexer redis) : IFixedWindowCounter
{
    /// <summary>Prefix of the counters' keys.</summary>
    public const string KeyPrefix = "ratelimit:";

    // KEYS[1]: the counter; ARGV[1]: the window in ms. Returns { count, ms until the window ends }.
    // PTTL below 0 (no expiry: a key left by something else, or set between INCR and PEXPIRE by no one since this
    // script is atomic) is repaired rather than trusted, so a counter can never outlive its window.
    private const string Script = """
        local count = redis.call('INCR', KEYS[1])
        local ttl = redis.call('PTTL', KEYS[1])
        if count == 1 or ttl < 0 then
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          ttl = tonumber(ARGV[1])
        end
        return { count, ttl }
        """;

    public async Task<FixedWindowCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var windowMs = Math.Max(1L, (long)Math.Ceiling(window.TotalMilliseconds));
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [KeyPrefix + key], [windowMs]))!;
        return new FixedWindowCount((long)result[0], TimeSpan.FromMilliseconds((long)result[1]));
    }
}
