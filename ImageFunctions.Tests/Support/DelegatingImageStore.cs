using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Support;

/// <summary>Passes every call to the real store; a test overrides the one call it wants to watch or break.</summary>
public abstract class DelegatingImageStore(IImageStore inner) : IImageStore
{
    public virtual Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
        inner.SaveAsync(container, name, content, contentType, cancellationToken);

    public virtual Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken) =>
        inner.OpenReadAsync(container, name, cancellationToken);

    public virtual IAsyncEnumerable<StoredObjectInfo> ListAsync(string container, string prefix, CancellationToken cancellationToken) =>
        inner.ListAsync(container, prefix, cancellationToken);

    public virtual Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken) =>
        inner.DeletePrefixAsync(container, prefix, cancellationToken);

    public virtual Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
}
