using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace ImageFunctions.Storage;

/// <summary>The image store on Azure Blob Storage (Azurite locally).</summary>
public sealed class BlobImageStore(BlobServiceClient service) : IImageStore
{
    private readonly ConcurrentDictionary<string, Task> _createdContainers = new(StringComparer.Ordinal);

    public async Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            var blob = (await GetContainerAsync(container, cancellationToken)).GetBlobClient(name);
            var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };
            await blob.UploadAsync(content, options, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new StorageUnavailableException($"Blob Storage refused '{container}/{name}': {ex.Status} {ex.ErrorCode}.", ex);
        }
    }

    public async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(name);
        try
        {
            var response = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            var details = response.Value.Details;
            var info = new StoredObjectInfo(name, details.ContentLength, details.ContentType ?? "application/octet-stream", details.ETag.ToString(), details.LastModified);
            return new StoredObject(response.Value.Content, info);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        if (!await client.ExistsAsync(cancellationToken))
        {
            yield break;
        }

        await foreach (var item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            var props = item.Properties;
            yield return new StoredObjectInfo(
                item.Name,
                props.ContentLength ?? 0,
                props.ContentType ?? "application/octet-stream",
                props.ETag?.ToString() ?? string.Empty,
                props.LastModified ?? DateTimeOffset.MinValue);
        }
    }

    public async Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        await foreach (var item in ListAsync(container, prefix, cancellationToken))
        {
            await client.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken) =>
        await service.GetPropertiesAsync(cancellationToken);

    private async Task<BlobContainerClient> GetContainerAsync(string container, CancellationToken cancellationToken)
    {
        var client = service.GetBlobContainerClient(container);
        var creation = _createdContainers.GetOrAdd(container, _ => client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        try
        {
            await creation.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Let the next caller try again rather than caching a failure forever.
            _createdContainers.TryRemove(new KeyValuePair<string, Task>(container, creation));
            throw;
        }

        return client;
    }
}
