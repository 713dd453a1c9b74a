using ImageFunctions.Settings;
using ImageFunctions.Api.Notifications;
using ImageFunctions.Api.RateLimiting;
using ImageFunctions.Api.Status;
using ImageFunctions.Api.Submission;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Storage;
using ImageFunctions.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Azure;
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
    /// else the file system, which only the standalone host allows), the job state store (Redis when configured, else memory),
    /// the engine, the job services and OpenTelemetry (<see cref="TelemetrySetup"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">A bad or missing storage setting (see <see cref="BackendSelection.From"/>).</exception>
    public static IServiceCollection AddImageFunctions(this IServiceCollection services, IConfiguration configuration, HostKind host)
    {
        var backends = BackendSelection.From(configuration, host);
        services.AddSingleton(backends);
        services.AddAzureClientsCore();
        if (backends.StorageConnection is { } storage)
        {
            services.AddSingleton(sp => new StorageClientFactory(storage, sp.GetRequiredService<AzureComponentFactory>()));
        }

        services.AddOptions<ImageFunctionsOptions>()
            .Bind(configuration.GetSection(ImageFunctionsOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImageFunctionsOptions>, ImageFunctionsOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        if (backends.RedisConnection is { } redis)
        {
            services.AddSingleton<IConnectionMultiplexer>(sp => ConnectRedis(redis, sp));
            services.AddSingleton<IFixedWindowCounter, RedisFixedWindowCounter>();
        }
        else
        {
            services.AddSingleton<IFixedWindowCounter, MemoryFixedWindowCounter>();
        }

        services.AddSingleton<SubmissionRateLimiter>();
        services.AddSingleton(CreateImageStore);
        services.AddSingleton(CreateJobStateStore);
        services.AddSingleton(sp =>
        {
            var limits = sp.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Limits;
            return new ImagePipeline(new ImageLimits(
                limits.MaxFileBytes, limits.MaxPixels, limits.MaxMetadataSegments, limits.MaxMetadataBytes, limits.PixelBudget),
                sp.GetRequiredService<ImageMetrics>());
        });

        services.AddMetrics();
        services.AddSingleton<ImageMetrics>();
        services.AddSingleton<ImageTaskProcessor>();
        services.AddSingleton(sp => new BackendDeadline(
            TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Backends.RequestTimeoutSeconds)));
        services.AddSingleton<MultipartImageReader>();
        services.AddSingleton<JobSubmissionHandler>();
        services.AddSingleton<JobStatusReader>();
        services.AddSingleton<RetentionCleaner>();
        services.AddSingleton<JobDeleter>();
        AddNotifications(services);
        services.AddHostedService<EngineWarmup>();
        services.AddImageFunctionsTelemetry(configuration, host);

        // Both hosts' Kestrel (the worker's own one behind the Functions host) take the body limit the options call for.
        services.AddSingleton<IConfigureOptions<KestrelServerOptions>, RequestBodyLimitSetup>();
        return services;
    }

    /// <summary>The completion webhook: its URL policy and an HttpClient that only reaches allowed addresses.</summary>
    private static void AddNotifications(IServiceCollection services)
    {
        services.AddSingleton(sp => HostAllowList.Parse(sp.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Notifications.AllowedHosts));
        services.AddSingleton<NotifyUrlPolicy>();
        services.AddSingleton<WebhookConnector>();
        services.AddHttpClient<WebhookSender>(client => client.Timeout = WebhookSender.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<WebhookConnector>().CreateHandler());
        services.AddTransient<JobNotifier>();
    }

    private static IImageStore CreateImageStore(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Storage;
        return services.GetService<StorageClientFactory>() is { } clients
            ? new BlobImageStore(clients.CreateBlobServiceClient())
            : new FileSystemImageStore(storage.LocalRoot);
    }

    private static IJobStateStore CreateJobStateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value;
        var retention = TimeSpan.FromHours(options.Jobs.RetentionHours);
        if (services.GetService<IConnectionMultiplexer>() is not { } multiplexer)
        {
            return new MemoryJobStateStore(retention);
        }

        return new RedisJobStateStore(multiplexer, retention, services.GetRequiredService<ILogger<RedisJobStateStore>>());
    }

    /// <summary>The one Redis connection of the app (job state, cache and the rate limit's counters).</summary>
    private static ConnectionMultiplexer ConnectRedis(RedisConnection connection, IServiceProvider services)
    {
        var redis = CreateRedisOptions(connection, services);
        redis.AbortOnConnectFail = false;          // start even while Redis is down, reconnect in the background
        redis.BacklogPolicy = BacklogPolicy.FailFast; // while down, fail at once instead of queueing commands
        redis.ConnectTimeout = Math.Min(redis.ConnectTimeout, 3000);
        redis.SyncTimeout = Math.Min(redis.SyncTimeout, 3000);
        redis.AsyncTimeout = Math.Min(redis.AsyncTimeout, 3000);
        return ConnectionMultiplexer.Connect(redis);
    }

    /// <summary>
    /// The connection string's options, or for <see cref="RedisConnection.Host"/> TLS to that endpoint with Microsoft Entra
    /// authentication by the token credential its settings name (see <see cref="RedisEntraAuthentication"/>).
    /// </summary>
    internal static ConfigurationOptions CreateRedisOptions(RedisConnection connection, IServiceProvider services)
    {
        if (connection.ConnectionString is { } connectionString)
        {
            return ConfigurationOptions.Parse(connectionString);
        }

        var credential = services.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(connection.Identity!);
        var options = new ConfigurationOptions
        {
            EndPoints = { { connection.Host!, connection.Port } },
            Ssl = true,
            Defaults = new RedisEntraAuthentication(
                credential, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<RedisEntraAuthentication>>()),
        };
        return options;
    }
}
