using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>Where the sidecar is, once started (the worker and client read it when they start).</summary>
public sealed class SidecarHandle
{
    private DurableSidecar? _sidecar;

    public DurableSidecar Sidecar
    {
        get => _sidecar ?? throw new InvalidOperationException("The Durable Task sidecar has not been started.");
        set => _sidecar = value;
    }

    public string Address => Sidecar.Address;
}

/// <summary>
/// Registered after the Durable Task worker, so it stops before it: the sidecar stops handing out work, then running
/// activities get <see cref="ShutdownPlan.DrainWindow"/> (the grace period less the reserve the rest of the stop needs) to finish and report.
/// </summary>
internal sealed partial class DrainActivitiesOnStop(SidecarHandle sidecar, ActivityTracker tracker, ShutdownPlan plan, ILogger<DrainActivitiesOnStop> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sidecar.Sidecar.StopDispatching();
        var running = tracker.Running;
        if (running == 0)
        {
            return;
        }

        LogDraining(running, plan.DrainWindow.TotalSeconds);
        if (await tracker.WaitIdleAsync(plan.DrainWindow, cancellationToken).ConfigureAwait(false))
        {
            // Let the last results travel to the sidecar and into the backend.
            await Task.Delay(300, CancellationToken.None).ConfigureAwait(false);
            LogDrained();
        }
        else
        {
            LogAbandoning(tracker.Running);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting up to {Seconds:0.#} s for {Running} running activities")]
    private partial void LogDraining(int running, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: running activities finished")]
    private partial void LogDrained();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: abandoning {Running} activities; they run again on the next start (persistent backend only)")]
    private partial void LogAbandoning(int running);
}

/// <summary>
/// Registered before the Durable Task worker, so it stops after it: abandons what still runs, then stops the sidecar within
/// <see cref="ShutdownPlan.SidecarStop"/>.
/// </summary>
internal sealed class StopSidecarOnStop(SidecarHandle sidecar, ActivityTracker tracker, ShutdownPlan plan) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        tracker.AbandonAll();
        await sidecar.Sidecar.StopAsync(plan.SidecarStop).ConfigureAwait(false);
    }
}
