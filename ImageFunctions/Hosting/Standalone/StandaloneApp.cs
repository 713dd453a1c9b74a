using System.Diagnostics;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>A started standalone host: the web app, the sidecar behind it, and what it serves. Dispose to stop both.</summary>
public sealed class StandaloneApp : IAsyncDisposable
{
    private readonly DurableSidecar _sidecar;
    private int _disposed;

    internal StandaloneApp(WebApplication app, DurableSidecar sidecar, HostJsonSettings hostJson, string address, BackendSelection backends)
    {
        App = app;
        _sidecar = sidecar;
        HostJson = hostJson;
        Address = address;
        Backends = backends;
    }

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    public HostJsonSettings HostJson { get; }

    /// <summary>The first bound address, e.g. <c>http://127.0.0.1:8000</c> (the real port when started on port 0).</summary>
    public string Address { get; }

    /// <summary>The backends the configuration selected.</summary>
    public BackendSelection Backends { get; }

    /// <summary>The Durable Task backend the sidecar runs on, e.g. <c>azure-storage (task hub imagefunctions)</c>.</summary>
    public string DurableBackend => _sidecar.Backend.Description;

    /// <summary>The URL of the web page: the root (its route takes only the empty path).</summary>
    public string PageUrl => Address.TrimEnd('/') + HttpFunctionEndpoints.Path(HostJson.RoutePrefix, "");

    /// <summary>The URL of the Swagger UI.</summary>
    public string DocsUrl => Address.TrimEnd('/') + HttpFunctionEndpoints.Path(HostJson.RoutePrefix, "docs");

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => App.WaitForShutdownAsync(cancellationToken);

    /// <summary>
    /// Graceful stop within the <see cref="ShutdownPlan"/>'s grace period whatever the backends do: HTTP first, then running
    /// activities get their drain window, then the worker and the sidecar, then the app's services (Redis, storage clients).
    /// A step that overruns is abandoned and logged, so the process can exit in time.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        var plan = Services.GetRequiredService<ShutdownPlan>();
        var logger = Services.GetRequiredService<ILoggerFactory>().CreateLogger<StandaloneApp>();
        var clock = Stopwatch.StartNew();
        TimeSpan Left() => plan.Grace - clock.Elapsed > TimeSpan.Zero ? plan.Grace - clock.Elapsed : TimeSpan.Zero;

        await BoundedStop.RunAsync(() => App.StopAsync(), Left(), "the host's services", logger).ConfigureAwait(false);
        // Normally stopped by now (StopSidecarOnStop); if the host's stop was abandoned before, this starts it.
        await _sidecar.StopAsync(Left() < plan.SidecarStop ? Left() : plan.SidecarStop).ConfigureAwait(false);

        // Last: disposing the services disposes the logging too, so this step reports on the console's error stream.
        var left = Left() > TimeSpan.FromSeconds(1) ? Left() : TimeSpan.FromSeconds(1);
        var disposing = App.DisposeAsync().AsTask();
        if (await Task.WhenAny(disposing, Task.Delay(left)).ConfigureAwait(false) != disposing)
        {
            await Console.Error.WriteLineAsync($"Stopping: the app's services did not finish disposing within {left.TotalSeconds:0.#} s; abandoned")
                .ConfigureAwait(false);
        }
    }
}
