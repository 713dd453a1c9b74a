using ImageFunctions.Settings;
using Azure.Storage.Blobs;
using ImageFunctions.Api.Status;
using ImageFunctions.Api.Submission;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ImageFunctions.Hosting;

/// <summary>The app's services, shared by the Functions host and the standalone host.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Registers options (validated at start-up), the image store (Blob Storage when a connection is configured,
    /// else the file system), the job state store (Redis when configured, else memory), the engine and the job services.
    /// </summary>
    public static IServiceCollection AddImageFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImageFunctionsOptions>()
            .Bind(configuration.GetSection(ImageFunctionsOptions.SectionName))
            .PostConfigure(o => o.Storage.ConnectionString = NullIfBlank(o.Storage.ConnectionString) ?? NullIfBlank(configuration["AzureWebJobsStorage"]))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImageFunctionsOptions>, ImageFunctionsOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(CreateImageStore);
        services.AddSingleton(CreateJobStateStore);
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Limits;
            return new ImagePipeline(new ImageLimits(limits.MaxFileBytes, limits.MaxPixels));
        });

        services.AddMetrics();
        services.AddSingleton<ImageMetrics>();
        services.AddSingleton<ImageTaskProcessor>();
        services.AddSingleton<MultipartImageReader>();
        services.AddSingleton<JobSubmissionHandler>();
        services.AddSingleton<JobStatusReader>();
        services.AddSingleton<RetentionCleaner>();
        services.AddHostedService<EngineWarmup>();
        return services;
    }

    /// <summary>"blob" or "filesystem", and "redis" or "memory": what the configuration selects, for start-up logs.</summary>
    public static (string Storage, string State) DescribeBackends(ImageFunctionsOptions options) =>
        (options.Storage.ConnectionString is null ? "filesystem" : "blob", string.IsNullOrWhiteSpace(options.Redis.ConnectionString) ? "memory" : "redis");

    private static IImageStore CreateImageStore(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Storage;
        return storage.ConnectionString is { } connection
            ? new BlobImageStore(new BlobServiceClient(connection))
            : new FileSystemImageStore(storage.LocalRoot);
    }

    private static IJobStateStore CreateJobStateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value;
        var retention = TimeSpan.FromHours(options.Jobs.RetentionHours);
        if (string.IsNullOrWhiteSpace(options.Redis.ConnectionString))
        {
            return new MemoryJobStateStore(retention);
        }

        var redis = ConfigurationOptions.Parse(options.Redis.ConnectionString);
        redis.AbortOnConnectFail = false;          // start even while Redis is down, reconnect in the background
        redis.BacklogPolicy = BacklogPolicy.FailFast; // while down, fail at once instead of queueing commands
        redis.ConnectTimeout = Math.Min(redis.ConnectTimeout, 3000);
        redis.SyncTimeout = Math.Min(redis.SyncTimeout, 3000);
        redis.AsyncTimeout = Math.Min(redis.AsyncTimeout, 3000);
        var multiplexer = ConnectionMultiplexer.Connect(redis);
        return new RedisJobStateStore(multiplexer, retention, services.GetRequiredService<ILogger<RedisJobStateStore>>());
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
