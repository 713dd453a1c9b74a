using ImageFunctions.Hosting;
using ImageFunctions.Api;
using ImageFunctions.Settings;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.App.Support;

/// <summary>
/// The app's real services against real Azurite and Redis, with the real <c>ProcessJob</c> orchestrator and
/// <c>ProcessImage</c> activity running on the Durable Task engine in process (<see cref="DurableTaskTestHost"/>).
/// Each host gets its own containers, so tests do not see each other's blobs.
/// </summary>
public sealed class AppTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly DurableTaskTestHost _durable;

    private AppTestHost(ServiceProvider services, DurableTaskTestHost durable)
    {
        _services = services;
        _durable = durable;
    }

    public IServiceProvider Services => _services;

    public DurableTaskClient Client => _durable.Client;

    public ImageFunctionsOptions Options => _services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value;

    public IImageStore Store => _services.GetRequiredService<IImageStore>();

    /// <summary>Starts a host. <paramref name="settings"/> override configuration keys (e.g. "ImageFunctions:Limits:MaxFiles").</summary>
    public static async Task<AppTestHost> StartAsync(
        AzuriteFixture azurite,
        RedisFixture redis,
        IDictionary<string, string?>? settings = null,
        Func<IImageStore, IImageStore>? decorateStore = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var values = new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ImageFunctions:Storage:UploadsContainer"] = $"uploads-{suffix}",
            ["ImageFunctions:Storage:ProcessedContainer"] = $"processed-{suffix}",
            ["ImageFunctions:Redis:ConnectionString"] = redis.ConnectionString,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection().AddLogging().AddImageFunctions(configuration);
        if (decorateStore is not null)
        {
            var inner = collection.Last(d => d.ServiceType == typeof(IImageStore));
            collection.Remove(inner);
            collection.AddSingleton(sp => decorateStore((IImageStore)inner.ImplementationFactory!(sp)));
        }

        configureServices?.Invoke(collection);
        collection.AddTransient<ProcessImageActivity>();
        collection.AddTransient<SubmitJobFunction>();
        collection.AddTransient<JobStatusFunction>();
        collection.AddTransient<DownloadJobFunction>();
        collection.AddTransient<GetImageFunction>();
        collection.AddTransient<HealthFunction>();
        var services = collection.BuildServiceProvider(validateScopes: true);

        var durable = await DurableTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<JobSpec, JobResult>(
                nameof(ProcessJobOrchestrator.ProcessJob), (context, _) => ProcessJobOrchestrator.ProcessJob(context));
            registry.AddActivityFunc<ImageTask, ImageOutcome>(
                nameof(ProcessImageActivity.ProcessImage),
                (_, task) => services.GetRequiredService<ProcessImageActivity>().ProcessImage(task, CancellationToken.None));
        }, new DurableTaskTestHostOptions());

        return new AppTestHost(services, durable);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Waits until the job's orchestration ends and returns its record.</summary>
    public async Task<OrchestrationMetadata> WaitForJobAsync(string jobId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(jobId, getInputsAndOutputs: true, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _durable.DisposeAsync();
        await _services.DisposeAsync();
    }
}
