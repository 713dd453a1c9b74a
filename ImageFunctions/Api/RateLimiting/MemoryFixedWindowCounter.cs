using System.Collections.Concurrent;

namespace ImageFunctions.Api.RateLimiting;

/// <summary>
/// Fixed windows in this process, for an app without Redis (one instance: the standalone host's default). Ended windows
/// are swept at most once per window length, so the map holds only the clients of roughly the last two windows.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's <c>FixedWindowRateLimiter</c> would need one limiter per client and a partitioned
/// limiter around them, runs its windows on its own timer rather than <see cref="TimeProvider"/>, and reports the whole
/// window as Retry-After rather than the time left in it; this map of counters is shorter than the adapters.
/// </remarks>
public sealed class MemoryFixedWindowCounter(TimeProvider time) : IFixedWindowCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    /// <summary>Clients with a window, ended or not (tests see the sweep with it).</summary>
    public int Count => _windows.Count;

    public Task<FixedWindowCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = time.GetUtcNow();
        SweepIfDue(now, window);
        var entry = _windows.GetOrAdd(key, static _ => new Window());
        lock (entry)
        {
            if (now >= entry.EndsAt)
            {
                entry.EndsAt = now + window;
                entry.Count = 0;
            }

            entry.Count++;
            return Task.FromResult(new FixedWindowCount(entry.Count, entry.EndsAt - now));
        }
    }

    private void SweepIfDue(DateTimeOffset now, TimeSpan window)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + window).UtcTicks, due) != due)
        {
            return;
        }

        foreach (var (key, entry) in _windows)
        {
            // A hit racing with the removal may count in a window that is then dropped: at worst one extra permit.
            lock (entry)
            {
                if (now >= entry.EndsAt)
                {
                    _windows.TryRemove(KeyValuePair.Create(key, entry));
                }
            }
        }
    }

    private sealed class Window
    {
        public DateTimeOffset EndsAt { get; set; } = DateTimeOffset.MinValue;

        public long Count { get; set; }
    }
}
