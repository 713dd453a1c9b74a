using System.Net;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The Durable Task sidecar in process: <see cref="TaskHubGrpcServer"/> from Microsoft.DurableTask.InProcessTestHost served by
/// its own small Kestrel (HTTP/2, loopback, a free port) over a <see cref="DurableBackend"/>. The app's
/// <c>DurableTaskClient</c> and worker connect to <see cref="Address"/> with <c>UseGrpc</c>, as they would to any sidecar.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private DurableSidecar(WebApplication app, DurableBackend backend, string address, ILogger logger)
    {
        _app = app;
        _lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        _logger = logger;
        Backend = backend;
        Address = address;
    }

    /// <summary>The gRPC address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    public DurableBackend Backend { get; }

    /// <summary>Starts the gRPC server on a free loopback port. Dispatching starts when the worker connects.</summary>
    public static async Task<DurableSidecar> StartAsync(DurableBackend backend, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        // An empty builder: no configuration sources, so the app's --urls / ASPNETCORE_URLS never reach this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton<IHostLifetime, ManagedByAppLifetime>(); // Ctrl+C is the app's business, not the sidecar's
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.Services.AddRouting();
        builder.Services.AddGrpc(grpc => grpc.Interceptors.Add<BackendFaultInterceptor>());
        builder.Services.AddSingleton(backend.Service);
        builder.Services.AddSingleton(backend.Client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The Durable Task sidecar did not report its address.");
        return new DurableSidecar(app, backend, address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal), loggerFactory.CreateLogger<DurableSidecar>());
    }

    /// <summary>
    /// Stops fetching new orchestration and activity work items; what was already handed to the worker may still complete.
    /// (The sidecar's dispatchers stop when its host's lifetime signals stopping.)
    /// </summary>
    public void StopDispatching() => _lifetime.StopApplication();

    /// <summary>
    /// Stops the gRPC server and the backend's background work within <paramref name="limit"/>: a third for the server, a
    /// sixth for its services, half for the backend (the Azure Storage backend releases its leases in storage, which may be down); what does not
    /// finish is abandoned and logged. Only the first call stops; later ones wait for it, bounded by their own limit.
    /// </summary>
    public Task StopAsync(TimeSpan limit)
    {
        Task stopping;
        lock (_gate)
        {
            stopping = _stopping ??= StopOnceAsync(limit);
        }

        return BoundedStop.RunAsync(() => stopping, limit, "the Durable sidecar", _logger);
    }

    /// <summary>Stops as <see cref="StopAsync"/> does within <see cref="DefaultStopLimit"/>.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(DefaultStopLimit).ConfigureAwait(false);

    /// <summary>The bound of <see cref="DisposeAsync"/>.</summary>
    public static readonly TimeSpan DefaultStopLimit = TimeSpan.FromSeconds(10);

    private async Task StopOnceAsync(TimeSpan limit)
    {
        StopDispatching();
        var server = limit / 3;
        using (var timeout = new CancellationTokenSource(server))
        {
            // Past the limit open worker streams are cut; nothing is lost, the backend keeps the messages.
            await BoundedStop.RunAsync(() => _app.StopAsync(timeout.Token), server, "the Durable sidecar's gRPC server", _logger).ConfigureAwait(false);
        }

        await BoundedStop.RunAsync(async () => await _app.DisposeAsync().ConfigureAwait(false), limit / 6, "the Durable sidecar's services", _logger)
            .ConfigureAwait(false);
        await BoundedStop.RunAsync(Backend.StopAsync, limit / 2, $"the Durable backend ({Backend.Kind})", _logger).ConfigureAwait(false);
    }
}

/// <summary>A host lifetime that ignores console signals: the sidecar starts and stops when the app tells it to.</summary>
internal sealed class ManagedByAppLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
