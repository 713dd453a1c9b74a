using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// The app itself, started in process by the standalone host on a loopback port (as eShop's tests use
/// <c>WebApplicationFactory</c>): real HTTP, real Azurite and Redis, the real Durable engine in memory. Each host gets
/// its own containers, so tests do not see each other's blobs. Faults are injected by replacing services.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly StandaloneApp _app;

    private AppHost(StandaloneApp app)
    {
        _app = app;
        Api = JobApi.For(app.Address);
    }

    /// <summary>The app's HTTP API.</summary>
    public JobApi Api { get; }

    public IServiceProvider Services => _app.Services;

    public DurableTaskClient Client => Get<DurableTaskClient>();

    public ImageFunctionsOptions Options => Get<IOptions<ImageFunctionsOptions>>().Value;

    public IImageStore Store => Get<IImageStore>();

    /// <summary>
    /// Starts the app. <paramref name="settings"/> override configuration keys (e.g. <c>ImageFunctions:Limits:MaxFiles</c>);
    /// <paramref name="configureServices"/> replaces or decorates services after the app registered them.
    /// </summary>
    public static async Task<AppHost> StartAsync(
        AzuriteFixture azurite,
        RedisFixture redis,
        IDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ImageFunctions:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ImageFunctions:Storage:UploadsContainer"] = $"uploads-{suffix}",
            ["ImageFunctions:Storage:ProcessedContainer"] = $"processed-{suffix}",
            ["ImageFunctions:Redis:ConnectionString"] = redis.ConnectionString,
            [BackendSelection.DurableBackendKey] = "in-memory",
            // Every test submits from 127.0.0.1 and the hosts share one Redis: the limit would count all of them
            // together. RateLimitTests turn it on.
            ["ImageFunctions:RateLimit:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = await StandaloneHost.CreateAsync([], new StandaloneHostSettings
        {
            ConfigureConfiguration = configuration => configuration.AddInMemoryCollection(values),
            ConfigureServices = configureServices,
        });
        return new AppHost(app);
    }

    public T Get<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Waits until the job's orchestration ends and returns its record.</summary>
    public async Task<OrchestrationMetadata> WaitForJobAsync(string jobId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, cts.Token);
    }

    /// <summary>Submits, waits for the orchestration to end and returns the job id.</summary>
    public async Task<string> RunJobAsync(MultipartRequest request, string query = "?filter=blur")
    {
        var jobId = await Api.SubmitJobAsync(request, query);
        await WaitForJobAsync(jobId);
        return jobId;
    }

    /// <summary>Names of every object in <paramref name="container"/>.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string container)
    {
        var names = new List<string>();
        await foreach (var item in Store.ListAsync(container, string.Empty, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.DisposeAsync();
    }
}

/// <summary>Replaces services of the app under test.</summary>
public static class TestServiceCollectionExtensions
{
    /// <summary>Wraps the app's <see cref="IImageStore"/> in <paramref name="decorate"/> (a slow, failing or recording store).</summary>
    public static IServiceCollection DecorateImageStore(this IServiceCollection services, Func<IImageStore, IImageStore> decorate) =>
        services.DecorateImageStore((_, inner) => decorate(inner));

    /// <summary>Wraps the app's <see cref="IImageStore"/> in <paramref name="decorate"/>, which may read other services.</summary>
    public static IServiceCollection DecorateImageStore(this IServiceCollection services, Func<IServiceProvider, IImageStore, IImageStore> decorate)
    {
        var inner = services.Last(d => d.ServiceType == typeof(IImageStore));
        services.Remove(inner);
        return services.AddSingleton(sp => decorate(sp, (IImageStore)inner.ImplementationFactory!(sp)));
    }
}
