using Azure;
using ImageFunctions.Storage;

namespace ImageFunctions.Tests.App.Support;

/// <summary>
/// Fault injection around the real store: the first <paramref name="failures"/> reads of <paramref name="container"/>
/// fail as a storage outage (503) would, then reads go through.
/// </summary>
public sealed class FlakyImageStore(IImageStore inner, string container, int failures) : IImageStore
{
    private readonly int _failures = failures;
    private int _remaining = failures;

    public int FailuresInjected => _failures - Math.Max(0, Volatile.Read(ref _remaining));

    public string Kind => inner.Kind;

    public Task<StoredObject?> OpenReadAsync(string container1, string name, CancellationToken cancellationToken)
    {
        if (container1 == container && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new RequestFailedException(503, "Injected transient storage fault.");
        }

        return inner.OpenReadAsync(container1, name, cancellationToken);
    }

    public Task SaveAsync(string container1, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
        inner.SaveAsync(container1, name, content, contentType, cancellationToken);

    public IAsyncEnumerable<StoredObjectInfo> ListAsync(string container1, string prefix, CancellationToken cancellationToken) =>
        inner.ListAsync(container1, prefix, cancellationToken);

    public Task<bool> CopyAsync(string sourceContainer, string sourceName, string targetContainer, string targetName, CancellationToken cancellationToken) =>
        inner.CopyAsync(sourceContainer, sourceName, targetContainer, targetName, cancellationToken);

    public Task DeletePrefixAsync(string container1, string prefix, CancellationToken cancellationToken) =>
        inner.DeletePrefixAsync(container1, prefix, cancellationToken);

    public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);
}
