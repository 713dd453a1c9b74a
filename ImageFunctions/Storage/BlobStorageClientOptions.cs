using Azure.Storage.Blobs;

namespace ImageFunctions.Storage;

/// <summary>Options of the app's own Blob Storage client: the service API version pinned to the one the Durable backend sends.</summary>
/// <remarks>
/// Azurite refuses a request whose <c>x-ms-version</c> it does not know, unless started with <c>--skipApiVersionCheck</c>.
/// What each side speaks (2026-11-30; Azurite's <c>ValidAPIVersions</c> in <c>dist/src/{blob,queue,table}/utils/constants.js</c>,
/// the clients' versions read from an Azurite debug log of a standalone host's start):
/// Azurite 3.37.0 accepts Blob, Queue and Table versions up to 2026-06-06 (3.35.0: up to 2025-11-05).
/// Azure.Storage.Blobs 12.30.1 sends 2026-10-06 by default, which no Azurite release accepts yet.
/// DurableTask.AzureStorage 2.11.2 sends Blob 2026-02-06, Queue 2025-05-05 and Table 2020-12-06: the defaults of the
/// SDKs it was compiled against (Blobs 12.27.0, Queues 12.22.0, Tables 12.11.0), fixed in its code whatever SDK the app loads.
/// Pinned to Durable's Blob version, the app needs no newer Azurite than Durable does: 3.37.0, the first release that
/// accepts 2026-02-06, works without the flag. Azure itself serves every version.
/// </remarks>
public static class BlobStorageClientOptions
{
    /// <summary>The Blob service API version of every request the app makes.</summary>
    public const BlobClientOptions.ServiceVersion ServiceVersion = BlobClientOptions.ServiceVersion.V2026_02_06;

    /// <summary>
    /// How long one try may wait for storage (the SDK's default is 100 s): a frozen or half-open connection fails the try, and
    /// the SDK's retries (3, exponential from 0.8 s) go on. Requests are bounded tighter by the request deadline
    /// (<c>ImageFunctions:Backends:RequestTimeoutSeconds</c>); activities keep these patient retries.
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    /// <summary>New options with <see cref="ServiceVersion"/> and <see cref="NetworkTimeout"/> (the rest as the SDK's defaults).</summary>
    public static BlobClientOptions Create()
    {
        var options = new BlobClientOptions(ServiceVersion);
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }
}
