namespace ImageFunctions.Api.RateLimiting;

/// <summary>One hit on a fixed window: how many hits the window has now (this one included) and when it ends.</summary>
public readonly record struct FixedWindowCount(long Count, TimeSpan EndsIn);
