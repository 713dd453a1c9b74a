using Azure;
using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// Fault injection around the real store: the first <paramref name="failures"/> reads of <paramref name="container"/>
/// fail as a storage outage (503) would, then reads go through.
/// </summary>
public sealed class FlakyImageStore(IImageStore inner, string container, int failures) : DelegatingImageStore(inner)
{
    private readonly int _failures = failures;
    private int _remaining = failures;

    public int FailuresInjected => _failures - Math.Max(0, Volatile.Read(ref _remaining));

    public override Task<StoredObject?> OpenReadAsync(string container1, string name, CancellationToken cancellationToken)
    {
        if (container1 == container && Interlocked.Decrement(ref _remaining) >= 0)
        {
            throw new RequestFailedException(503, "Injected transient storage fault.");
        }

        return base.OpenReadAsync(container1, name, cancellationToken);
    }
}
