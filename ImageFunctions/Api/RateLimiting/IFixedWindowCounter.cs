namespace ImageFunctions.Api.RateLimiting;

/// <summary>
/// Counts hits per key in fixed windows: the first hit on a key opens a window of the given length, every hit in it adds
/// one, and when it ends the next hit opens a new one. Redis when the app has Redis (shared by every instance), else memory.
/// </summary>
public interface IFixedWindowCounter
{
    /// <summary>Adds one hit to <paramref name="key"/>'s window (opening one of <paramref name="window"/> if none is open).</summary>
    Task<FixedWindowCount> HitAsync(string key, TimeSpan window, CancellationToken cancellationToken);
}
