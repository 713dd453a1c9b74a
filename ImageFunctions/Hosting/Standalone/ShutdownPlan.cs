namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// How the standalone host's stop (Ctrl+C, SIGTERM) fits in <see cref="StandaloneOptions.ShutdownGraceSeconds"/> whatever the
/// backends do: running activities get the grace period less a reserve, the rest of the stop (the Durable worker, the sidecar
/// and its backend, the app's services) shares the reserve, each step bounded; what does not finish in time is abandoned and
/// logged (a persistent backend hands unfinished work out again on the next start).
/// </summary>
public sealed class ShutdownPlan
{
    /// <summary>The most the reserve takes of the grace period.</summary>
    public static readonly TimeSpan MaxReserve = TimeSpan.FromSeconds(10);

    public ShutdownPlan(StandaloneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Grace = TimeSpan.FromSeconds(Math.Max(1, options.ShutdownGraceSeconds));
        Reserve = TimeSpan.FromTicks(Math.Min(MaxReserve.Ticks, Grace.Ticks / 3));
    }

    /// <summary>The whole stop, from the signal until the process may exit (the host's <c>HostOptions.ShutdownTimeout</c>).</summary>
    public TimeSpan Grace { get; }

    /// <summary>What the steps after the activities' drain share: a third of the grace period, at most <see cref="MaxReserve"/>.</summary>
    public TimeSpan Reserve { get; }

    /// <summary>How long running activities may take to finish and report.</summary>
    public TimeSpan DrainWindow => Grace - Reserve;

    /// <summary>
    /// Stopping the sidecar, three quarters of the reserve: its gRPC server, then the backend's background work (Azure Storage:
    /// releasing its leases, so that a restart resumes at once). The worker's stop and disposing the services share the rest.
    /// </summary>
    public TimeSpan SidecarStop => Reserve * 3 / 4;
}
