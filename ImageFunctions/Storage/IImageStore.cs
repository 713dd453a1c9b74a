namespace ImageFunctions.Storage;

/// <summary>Where uploads and results live: Blob Storage in production, the file system in the embedded standalone mode.</summary>
public interface IImageStore
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="container"/>/<paramref name="name"/>, replacing what was there.</summary>
    /// <exception cref="StorageUnavailableException">The backend failed or refused the write.</exception>
    Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken);

    /// <summary>Opens a stored object for streaming, or null when it does not exist.</summary>
    Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken);

    /// <summary>Lists the objects whose names start with <paramref name="prefix"/>.</summary>
    IAsyncEnumerable<StoredObjectInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>Deletes every object whose name starts with <paramref name="prefix"/>.</summary>
    Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken);

    /// <summary>Throws when the store cannot be reached.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

public sealed record StoredObjectInfo(string Name, long Length, string ContentType, string ETag, DateTimeOffset LastModified);

/// <summary>An open stored object. Dispose it to release the stream.</summary>
public sealed class StoredObject(Stream content, StoredObjectInfo info) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public StoredObjectInfo Info { get; } = info;

    public ValueTask DisposeAsync() => Content.DisposeAsync();
    public void Dispose() => Content.Dispose();
}
