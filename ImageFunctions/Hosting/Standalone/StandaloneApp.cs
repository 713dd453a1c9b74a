using ImageFunctions.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

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

    /// <summary>Graceful stop: HTTP first, then running activities get their grace period, then the worker and the sidecar.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await App.StopAsync().ConfigureAwait(false);
        }
        finally
        {
            await App.DisposeAsync().ConfigureAwait(false);
            await _sidecar.DisposeAsync().ConfigureAwait(false);
        }
    }
}
