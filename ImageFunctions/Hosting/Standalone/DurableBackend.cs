using ImageFunctions.Settings;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The Durable Task backend behind the sidecar: the in-memory service when no storage connection is configured,
/// else <see cref="AzureStorageOrchestrationService"/> on the task hub named in host.json (persistent, resumable,
/// readable by Durable Functions Monitor).
/// </summary>
public sealed class DurableBackend
{
    private DurableBackend(
        IOrchestrationService service, IOrchestrationServiceClient client, HostJsonSettings hostJson, string kind, string? hubName, TimeSpan? activityLockRenewal = null)
    {
        Service = new GatedOrchestrationService(service, hostJson.MaxConcurrentActivities, hostJson.MaxConcurrentOrchestrations, activityLockRenewal);
        Client = client;
        Kind = kind;
        HubName = hubName;
    }

    /// <summary>The service, with host.json's concurrency enforced without polling and start/stop made idempotent (see <see cref="GatedOrchestrationService"/>).</summary>
    public IOrchestrationService Service { get; }
    public IOrchestrationServiceClient Client { get; }

    /// <summary><c>in-memory</c> or <c>azure-storage</c>.</summary>
    public string Kind { get; }

    /// <summary>The task hub (Azure Storage only).</summary>
    public string? HubName { get; }

    /// <summary>For the start-up banner.</summary>
    public string Description => HubName is null ? Kind : $"{Kind} (task hub {HubName})";

    /// <summary>Creates (and for Azure Storage, provisions) the backend of <paramref name="backends"/>.</summary>
    public static async Task<DurableBackend> CreateAsync(
        BackendSelection backends,
        HostJsonSettings hostJson,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(hostJson);
        if (backends.DurableStorageConnection is not { } connection)
        {
            var memory = new InMemoryOrchestrationService(loggerFactory);
            return new DurableBackend(memory, memory, hostJson, backends.Durable, null);
        }

        var settings = AzureStorageSettings(connection, hostJson, loggerFactory);
        var service = new AzureStorageOrchestrationService(settings);
        try
        {
            await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The Durable Task hub '{hostJson.HubName}' could not be created in the configured storage account ({ex.Message}). "
                + "Is Azurite or the storage account reachable? Unset ImageFunctions__Storage__ConnectionString and AzureWebJobsStorage to use the in-memory backend.",
                ex);
        }

        return new DurableBackend(service, service, hostJson, backends.Durable, hostJson.HubName, settings.WorkItemQueueVisibilityTimeout / 3);
    }

    /// <summary>
    /// The Azure Storage backend's settings from host.json (the same block the Functions host reads), with two defaults
    /// of our own where host.json is silent: visibility timeouts short enough that a restarted process soon picks up what
    /// a killed one held (15 s for activities, whose locks <see cref="GatedOrchestrationService"/> renews every 5 s while
    /// they run; 1 min for orchestration episodes, which are short).
    /// </summary>
    internal static AzureStorageOrchestrationServiceSettings AzureStorageSettings(string connection, HostJsonSettings hostJson, ILoggerFactory loggerFactory)
    {
        var storage = hostJson.StorageProvider;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hostJson.HubName,
            StorageAccountClientProvider = new StorageAccountClientProvider(connection),
            LoggerFactory = loggerFactory,
            MaxConcurrentTaskActivityWorkItems = hostJson.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = hostJson.MaxConcurrentOrchestrations,
            WorkItemQueueVisibilityTimeout = storage.WorkItemQueueVisibilityTimeout ?? TimeSpan.FromSeconds(15),
            ControlQueueVisibilityTimeout = storage.ControlQueueVisibilityTimeout ?? TimeSpan.FromMinutes(1),

            // One process owns the hub; an app lease would make a restarted process wait for the dead one's lease.
            UseAppLease = false,
        };
        if (storage.MaxQueuePollingInterval is { } polling)
        {
            settings.MaxQueuePollingInterval = polling;
        }

        if (storage.PartitionCount is { } partitions)
        {
            settings.PartitionCount = partitions;
        }

        if (storage.ControlQueueBatchSize is { } batch)
        {
            settings.ControlQueueBatchSize = batch;
        }

        return settings;
    }

    /// <summary>Stops background work of the backend (Azure Storage: releases partition leases so a restart resumes at once).</summary>
    public Task StopAsync() => Service.StopAsync(isForced: true);
}
