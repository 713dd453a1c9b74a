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

    /// <summary>
    /// Creates (and for Azure Storage, provisions) the backend of <paramref name="backends"/>; <paramref name="storage"/> makes
    /// the clients of its storage connection (null when there is none).
    /// </summary>
    public static async Task<DurableBackend> CreateAsync(
        BackendSelection backends,
        StorageClientFactory? storage,
        HostJsonSettings hostJson,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backends);
        ArgumentNullException.ThrowIfNull(hostJson);
        if (backends.DurableStorageConnection is null)
        {
            var memory = new InMemoryOrchestrationService(loggerFactory);
            return new DurableBackend(memory, memory, hostJson, backends.Durable, null);
        }

        if (storage is null || storage.Connection != backends.DurableStorageConnection)
        {
            throw new ArgumentException("The clients of the Durable storage connection are needed.", nameof(storage));
        }

        var settings = AzureStorageSettings(ClientProvider(storage), hostJson, loggerFactory);
        var service = new AzureStorageOrchestrationService(settings);
        try
        {
            await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // StorageStartupCheck has found storage answering; whatever fails now still gets one line, not a stack.
            var setting = storage.Connection.EnvironmentName("");
            throw new StartupFailureException(
                StorageFailure.Of(ex).Explain($"the Durable task hub '{hostJson.HubName}' in the account of {setting}", setting), ex);
        }

        return new DurableBackend(service, service, hostJson, backends.Durable, hostJson.HubName, settings.WorkItemQueueVisibilityTimeout / 3);
    }

    /// <summary>
    /// The task hub's storage clients, as the Durable Functions extension makes them from the same connection: from the connection
    /// string, or from the Blob, Queue and Table service URIs with the connection's token credential.
    /// </summary>
    /// <exception cref="InvalidOperationException">An identity-based connection without a Queue or Table service, naming the settings.</exception>
    internal static StorageAccountClientProvider ClientProvider(StorageClientFactory storage)
    {
        var connection = storage.Connection;
        if (connection.ConnectionString is { } connectionString)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        if (connection.QueueServiceUri is not { } queue || connection.TableServiceUri is not { } table)
        {
            throw new InvalidOperationException(
                $"The Azure Storage Durable backend needs the Queue and Table services of {connection.EnvironmentName("")} too: set "
                + $"{connection.EnvironmentName("accountName")}, or {connection.EnvironmentName("queueServiceUri")} and "
                + $"{connection.EnvironmentName("tableServiceUri")}. Or keep Durable in memory with Standalone__DurableBackend=in-memory.");
        }

        return new StorageAccountClientProvider(connection.BlobServiceUri!, queue, table, storage.Credential!);
    }

    /// <summary>
    /// The Azure Storage backend's settings from host.json (the same block the Functions host reads), with two defaults
    /// of our own where host.json is silent: visibility timeouts short enough that a restarted process soon picks up what
    /// a killed one held (15 s for activities, whose locks <see cref="GatedOrchestrationService"/> renews every 5 s while
    /// they run; 1 min for orchestration episodes, which are short).
    /// </summary>
    internal static AzureStorageOrchestrationServiceSettings AzureStorageSettings(
        StorageAccountClientProvider clients, HostJsonSettings hostJson, ILoggerFactory loggerFactory)
    {
        var storage = hostJson.StorageProvider;
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = hostJson.HubName,
            StorageAccountClientProvider = clients,
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
