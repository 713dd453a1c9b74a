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
    private int _disposed;

    private DurableSidecar(WebApplication app, DurableBackend backend, string address)
    {
        _app = app;
        _lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
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
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(backend.Service);
        builder.Services.AddSingleton(backend.Client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var app = builder.Build();
        app.UseRouting();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The Durable Task sidecar did not report its address.");
        return new DurableSidecar(app, backend, address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>
    /// Stops fetching new orchestration and activity work items; what was already handed to the worker may still complete.
    /// (The sidecar's dispatchers stop when its host's lifetime signals stopping.)
    /// </summary>
    public void StopDispatching() => _lifetime.StopApplication();

    /// <summary>Stops the gRPC server and the backend's background work.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        StopDispatching();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Open worker streams are cut; nothing is lost, the backend keeps the messages.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        await Backend.StopAsync().ConfigureAwait(false);
    }
}

/// <summary>A host lifetime that ignores console signals: the sidecar starts and stops when the app tells it to.</summary>
internal sealed class ManagedByAppLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
