using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The host.json settings the standalone host honours, read the way the Functions host reads them: host.json next to
/// the app, with any <c>AzureFunctionsJobHost__…</c> setting (e.g. <c>AzureFunctionsJobHost__extensions__durableTask__hubName</c>)
/// laid over it.
/// </summary>
public sealed record HostJsonSettings(
    string RoutePrefix,
    string HubName,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations,
    DurableStorageProviderSettings StorageProvider)
{
    /// <summary>host.json's <c>logging.logLevel</c>: category (or <c>Default</c>) to level name.</summary>
    public IReadOnlyDictionary<string, string> LogLevels { get; init; } = new Dictionary<string, string>();

    /// <summary>The Functions host's defaults when host.json says nothing.</summary>
    public static HostJsonSettings Default { get; } = new(
        "api", "TestHubName", 10 * Environment.ProcessorCount, 10 * Environment.ProcessorCount, new DurableStorageProviderSettings());

    private const string DurableSection = "extensions:durableTask";

    /// <summary>Reads <paramref name="hostJsonPath"/> (missing file: defaults) and applies <c>AzureFunctionsJobHost</c> overrides from <paramref name="configuration"/>.</summary>
    /// <exception cref="InvalidOperationException">A value has the wrong form; the message names it.</exception>
    public static HostJsonSettings Load(string hostJsonPath, IConfiguration? configuration = null)
    {
        var builder = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(hostJsonPath), optional: true, reloadOnChange: false);
        if (configuration is not null)
        {
            builder.AddInMemoryCollection(configuration.GetSection("AzureFunctionsJobHost").AsEnumerable(makePathsRelative: true).Where(setting => setting.Value is not null));
        }

        var merged = builder.Build();
        var storage = merged.GetSection(DurableSection + ":storageProvider");
        return new HostJsonSettings(
            (merged["extensions:http:routePrefix"] ?? Default.RoutePrefix).Trim('/'),
            string.IsNullOrWhiteSpace(merged[DurableSection + ":hubName"]) ? Default.HubName : merged[DurableSection + ":hubName"]!,
            PositiveInt(merged, DurableSection + ":maxConcurrentActivityFunctions") ?? Default.MaxConcurrentActivities,
            PositiveInt(merged, DurableSection + ":maxConcurrentOrchestratorFunctions") ?? Default.MaxConcurrentOrchestrations,
            new DurableStorageProviderSettings
            {
                PartitionCount = PositiveInt(storage, "partitionCount"),
                ControlQueueBatchSize = PositiveInt(storage, "controlQueueBatchSize"),
                MaxQueuePollingInterval = Duration(storage, "maxQueuePollingInterval"),
                WorkItemQueueVisibilityTimeout = Duration(storage, "workItemQueueVisibilityTimeout"),
                ControlQueueVisibilityTimeout = Duration(storage, "controlQueueVisibilityTimeout"),
            })
        {
            LogLevels = merged.GetSection("logging:logLevel").GetChildren()
                .Where(level => !string.IsNullOrWhiteSpace(level.Value))
                .ToDictionary(level => string.Equals(level.Key, "default", StringComparison.OrdinalIgnoreCase) ? "Default" : level.Key, level => level.Value!),
        };
    }

    /// <summary>host.json next to <paramref name="appAssemblyPath"/>, else in <paramref name="contentRoot"/>.</summary>
    public static string Locate(string appAssemblyPath, string contentRoot)
    {
        var besideApp = Path.Combine(Path.GetDirectoryName(appAssemblyPath) ?? AppContext.BaseDirectory, "host.json");
        return File.Exists(besideApp) ? besideApp : Path.Combine(contentRoot, "host.json");
    }

    private static int? PositiveInt(IConfiguration section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"host.json: '{PathOf(section, key)}' must be a positive whole number, not '{text}'.");
    }

    private static TimeSpan? Duration(IConfiguration section, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero
            ? value
            : throw new InvalidOperationException($"host.json: '{PathOf(section, key)}' must be a positive duration such as 00:00:01, not '{text}'.");
    }

    private static string PathOf(IConfiguration section, string key) =>
        section is IConfigurationSection { Path: { Length: > 0 } path } ? $"{path}:{key}" : key;
}

/// <summary>
/// host.json's <c>extensions.durableTask.storageProvider</c> settings of the Azure Storage backend that affect latency
/// (null: the backend's own default). The Functions host reads the same block.
/// </summary>
public sealed record DurableStorageProviderSettings
{
    /// <summary>Control queues (partitions) of the task hub: how many instances can share orchestrations.</summary>
    public int? PartitionCount { get; init; }

    /// <summary>Messages fetched from a control queue at once.</summary>
    public int? ControlQueueBatchSize { get; init; }

    /// <summary>Longest pause between polls of an idle queue: the latency of the first message after a quiet spell.</summary>
    public TimeSpan? MaxQueuePollingInterval { get; init; }

    /// <summary>How long a dequeued activity message stays invisible to other workers.</summary>
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; init; }

    /// <summary>How long a dequeued orchestration (control-queue) message stays invisible to other workers.</summary>
    public TimeSpan? ControlQueueVisibilityTimeout { get; init; }
}
