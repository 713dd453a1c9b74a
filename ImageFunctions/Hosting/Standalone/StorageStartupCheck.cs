using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using ImageFunctions.Storage;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// Before the standalone host starts anything, one small request to each storage service it will use: Blob, and with the
/// Azure Storage Durable backend also Queue and Table, each with the API version its real client sends. Few, short
/// retries: storage that is not running, or an Azurite too old for those versions, stops start-up within seconds with one
/// line (<see cref="StartupFailureException"/>), not after the Durable backend's half minute of retries and a crash.
/// </summary>
public static class StorageStartupCheck
{
    /// <summary>The longest the whole check may take.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Checks the storage of <paramref name="storage"/>; nothing to do without a storage connection.</summary>
    /// <param name="durable">Whether the Durable backend uses this storage: then its Queue and Table services are checked too.</param>
    /// <param name="container">A Blob container the app uses (it need not exist yet).</param>
    /// <param name="hubName">The Durable task hub, whose work-item queue and history table are looked up.</param>
    /// <exception cref="StartupFailureException">Storage is unreachable, refuses the API version or the credentials.</exception>
    public static async Task RunAsync(StorageClientFactory? storage, bool durable, string container, string hubName, CancellationToken cancellationToken)
    {
        if (storage is null)
        {
            return;
        }

        var setting = storage.Connection.EnvironmentName("");
        IReadOnlyList<Probe> probes;
        try
        {
            probes = Probes(storage, container, durable ? hubName : null);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the connection string, key included: not shown.
            throw new StartupFailureException(
                storage.Connection.ConnectionString is null
                    ? $"No storage client could be made from the identity-based settings of {setting} ({ex.GetType().Name})."
                    : $"{setting} is not a valid storage connection string. For Azurite on its default ports use UseDevelopmentStorage=true.",
                ex);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        foreach (var probe in probes)
        {
            try
            {
                await probe.Send(deadline.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var target = $"{probe.Endpoint} (the {probe.Service} endpoint of {setting})";
                throw new StartupFailureException(StorageFailure.Of(ex).Explain(target, setting, probe.ApiVersion), ex);
            }
        }
    }

    private static List<Probe> Probes(StorageClientFactory storage, string container, string? hubName)
    {
        var blob = storage.CreateBlobServiceClient(Quick(BlobStorageClientOptions.Create()));
        var probes = new List<Probe>
        {
            new("Blob", Endpoint(blob.Uri), Version(BlobStorageClientOptions.ServiceVersion), async ct => await blob.GetBlobContainerClient(container).ExistsAsync(ct).ConfigureAwait(false)),
        };
        if (hubName is null)
        {
            return probes;
        }

        // The versions DurableTask.AzureStorage 2.11.2 sends (see BlobStorageClientOptions), and names of its task hub. An
        // identity-based connection without a Queue or Table service is left to DurableBackend, which names the settings.
        var connection = storage.Connection;
        var queueOptions = Quick(new QueueClientOptions(QueueClientOptions.ServiceVersion.V2025_05_05));
        var queue = connection.ConnectionString is { } queueString ? new QueueServiceClient(queueString, queueOptions)
            : connection.QueueServiceUri is { } queueUri ? new QueueServiceClient(queueUri, storage.Credential, queueOptions)
            : null;
        if (queue is not null)
        {
            probes.Add(new("Queue", Endpoint(queue.Uri), "2025-05-05", async ct =>
                await queue.GetQueueClient($"{hubName.ToLowerInvariant()}-workitems").ExistsAsync(ct).ConfigureAwait(false)));
        }

        var tableOptions = Quick(new TableClientOptions(TableClientOptions.ServiceVersion.V2020_12_06));
        var table = connection.ConnectionString is { } tableString ? new TableServiceClient(tableString, tableOptions)
            : connection.TableServiceUri is { } tableUri ? new TableServiceClient(tableUri, storage.Credential, tableOptions)
            : null;
        if (table is not null)
        {
            probes.Add(new("Table", Endpoint(table.Uri), "2020-12-06", async ct =>
            {
                await foreach (var _ in table.QueryAsync($"TableName eq '{hubName}History'", maxPerPage: 1, ct).ConfigureAwait(false))
                {
                    break;
                }
            }));
        }

        return probes;
    }

    /// <summary>Three attempts, at most 3 s each: an answer from a running emulator or account takes milliseconds.</summary>
    private static T Quick<T>(T options) where T : ClientOptions
    {
        options.Retry.Mode = RetryMode.Fixed;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(3);
        return options;
    }

    /// <summary>The endpoint without query (a SAS) or trailing slash: <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    private static string Endpoint(Uri uri) => uri.GetLeftPart(UriPartial.Path).TrimEnd('/');

    /// <summary><c>V2026_02_06</c> as the header value <c>2026-02-06</c>.</summary>
    private static string Version(BlobClientOptions.ServiceVersion version) => version.ToString()[1..].Replace('_', '-');

    private sealed record Probe(string Service, string Endpoint, string ApiVersion, Func<CancellationToken, Task> Send);
}
