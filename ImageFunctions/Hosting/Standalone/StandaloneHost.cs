using ImageFunctions.Settings;
using ImageFunctions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The second host of the same functions (docs/architecture.md, Two hosts): an ASP.NET Core app that maps the HTTP functions
/// from their attributes and runs orchestrators and activities on the Durable Task SDK against an in-process sidecar.
/// Needs only the .NET SDK: <c>dotnet run --project ImageFunctions -- --standalone</c>.
/// </summary>
public static class StandaloneHost
{
    /// <summary>The command-line switch that selects this host.</summary>
    public const string Flag = "--standalone";

    /// <summary>
    /// Default log levels (lowest priority: environment variables such as <c>Logging__LogLevel__Microsoft.AspNetCore</c>
    /// override them). Without them every gRPC call between the worker and the sidecar logs four lines.
    /// </summary>
    private static readonly Dictionary<string, string?> QuietFrameworkLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.DurableTask"] = "Warning",
        ["Logging:LogLevel:Grpc"] = "Warning",
    };

    /// <summary>True when <paramref name="args"/> contains <see cref="Flag"/>.</summary>
    public static bool IsRequested(IEnumerable<string> args) => args.Any(a => string.Equals(a, Flag, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="args"/> without <see cref="Flag"/> (the rest, e.g. <c>--urls</c>, goes to ASP.NET Core).</summary>
    public static string[] WithoutFlag(IEnumerable<string> args) => args.Where(a => !string.Equals(a, Flag, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The exit code when the environment stops start-up (<see cref="StartupFailureException"/>).</summary>
    public const int StartupFailedExitCode = 1;

    /// <summary>Starts the host, prints where it listens and what it uses, and runs until Ctrl+C.</summary>
    /// <returns>The process exit code: 0 after Ctrl+C, <see cref="StartupFailedExitCode"/> when start-up failed.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        StandaloneApp app;
        try
        {
            app = await CreateAsync(WithoutFlag(args), new StandaloneHostSettings { BannerWriter = Console.Out }).ConfigureAwait(false);
        }
        catch (StartupFailureException ex)
        {
            // One line, not an unhandled exception: that would print the stack and abort the runtime (exit code 134).
            await Console.Error.WriteLineAsync($"Start-up failed: {ex.Message}").ConfigureAwait(false);
            return StartupFailedExitCode;
        }

        await using (app.ConfigureAwait(false))
        {
            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Starts the app's functions; <paramref name="configure"/> adds configuration (tests: <c>urls</c>, connections).</summary>
    public static Task<StandaloneApp> CreateAsync(string[] args, Action<IConfigurationBuilder>? configure = null, CancellationToken cancellationToken = default) =>
        CreateAsync(args, new StandaloneHostSettings { ConfigureConfiguration = configure }, cancellationToken);

    /// <summary>Builds and starts a standalone host; dispose the result to stop it.</summary>
    public static async Task<StandaloneApp> CreateAsync(string[] args, StandaloneHostSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var catalog = FunctionCatalog.App;

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFrameworkLogs });
        settings.ConfigureConfiguration?.Invoke(builder.Configuration);
        var options = StandaloneOptions.From(builder.Configuration);
        var hostJson = HostJsonSettings.Load(
            HostJsonSettings.Locate(typeof(StandaloneHost).Assembly.Location, builder.Environment.ContentRootPath), builder.Configuration);
        TimerScheduler.Resolve(catalog, builder.Configuration); // a bad schedule fails now, not later

        // host.json's log levels, as the Functions host applies them, above our quiet defaults and below every other source.
        builder.Configuration.Sources.Insert(1, new MemoryConfigurationSource
        {
            InitialData = hostJson.LogLevels.ToDictionary(level => "Logging:LogLevel:" + level.Key, level => (string?)level.Value),
        });

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            && !builder.Configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls(options.DefaultUrl);
        }

        IServiceProvider? root = null;
        ConfigureServices(builder, settings, catalog, options, () => root ?? throw new InvalidOperationException("The app's services are not built yet."));

        var app = builder.Build();
        root = app.Services;
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        HttpFunctionEndpoints.Map(app, catalog.Http, hostJson.RoutePrefix);

        DurableSidecar? sidecar = null;
        try
        {
            var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
            var backends = app.Services.GetRequiredService<BackendSelection>();
            var storage = app.Services.GetService<StorageClientFactory>();
            var container = app.Services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Storage.UploadsContainer;
            await StorageStartupCheck.RunAsync(storage, backends.DurableStorageConnection is not null, container, hostJson.HubName, cancellationToken)
                .ConfigureAwait(false);
            var backend = await DurableBackend.CreateAsync(backends, storage, hostJson, loggerFactory, cancellationToken).ConfigureAwait(false);
            sidecar = await DurableSidecar.StartAsync(backend, loggerFactory, cancellationToken).ConfigureAwait(false);
            app.Services.GetRequiredService<SidecarHandle>().Sidecar = sidecar;

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? options.DefaultUrl;
            var started = new StandaloneApp(app, sidecar, hostJson, address, backends);
            if (settings.BannerWriter is { } writer)
            {
                WriteBanner(writer, started, catalog, options);
            }

            return started;
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            if (sidecar is not null)
            {
                await sidecar.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private static void ConfigureServices(
        WebApplicationBuilder builder, StandaloneHostSettings settings, FunctionCatalog catalog, StandaloneOptions options, Func<IServiceProvider> root)
    {
        var tracker = new ActivityTracker();
        var services = builder.Services;
        services.AddImageFunctions(builder.Configuration, HostKind.Standalone);
        // Errors outside the functions (no route, wrong method) are problem+json too, with a detail; an exception is
        // answered as the Functions host's worker middleware answers it (Api/Faults/UnhandledFaults).
        services.AddExceptionHandler<UnhandledFaultHandler>();
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Detail ??= $"{context.ProblemDetails.Title}: {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}");
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(catalog);
        services.AddSingleton(options);
        services.AddSingleton<SidecarHandle>();
        services.AddSingleton(tracker);
        var shutdown = new ShutdownPlan(options);
        services.AddSingleton(shutdown);
        services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdown.Grace);

        // Hosted services stop in reverse order: drain (before the worker), worker, then the sidecar (after the worker).
        services.AddHostedService<StopSidecarOnStop>();

        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registry => DurableTaskRegistration.AddFunctions(registry, catalog, root, tracker));
            worker.UseGrpc();
        });
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<SidecarHandle>((grpc, handle) => grpc.Address = handle.Address);
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc();
            client.RegisterDirectly();
        });
        services.AddOptions<GrpcDurableTaskClientOptions>(Options.DefaultName)
            .Configure<SidecarHandle>((grpc, handle) => grpc.Address = handle.Address);

        services.AddHostedService<DrainActivitiesOnStop>();
        if (catalog.Timers.Count > 0)
        {
            services.AddHostedService<TimerScheduler>();
        }

        settings.ConfigureServices?.Invoke(services);
    }

    private static void WriteBanner(TextWriter writer, StandaloneApp app, FunctionCatalog catalog, StandaloneOptions options)
    {
        var backends = app.Backends;
        var local = app.Services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Storage.LocalRoot;
        writer.WriteLine();
        writer.WriteLine("ImageFunctions standalone host");
        writer.WriteLine($"  Listening on  {app.Address}");
        writer.WriteLine($"  Web page      {app.PageUrl}");
        writer.WriteLine($"  API docs      {app.DocsUrl}");
        writer.WriteLine($"  Durable       {app.DurableBackend}");
        var storage = app.Services.GetService<StorageClientFactory>()?.Description ?? Path.GetFullPath(local);
        writer.WriteLine($"  Storage       {backends.Storage} ({storage})");
        writer.WriteLine($"  Progress      {backends.State}");
        writer.WriteLine($"  Functions     {catalog.Http.Count} HTTP, {catalog.Orchestrators.Count} orchestrator(s), {catalog.Activities.Count} activity(ies), {catalog.Timers.Count} timer(s)");
        var shutdown = new ShutdownPlan(options);
        writer.WriteLine($"Press Ctrl+C to stop (within {shutdown.Grace.TotalSeconds:0} s; running activities get up to {shutdown.DrainWindow.TotalSeconds:0.#} s to finish).");
        writer.WriteLine();
        writer.Flush();
    }
}
