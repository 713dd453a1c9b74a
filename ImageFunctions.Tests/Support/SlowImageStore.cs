using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// Fault injection around the real store: every read of <paramref name="slowContainer"/> waits <paramref name="delay"/> first,
/// as a slow storage account would. Put on the uploads container, it makes each <c>ProcessImage</c> activity (which reads
/// its upload after marking the image STARTED) last at least <paramref name="delay"/>, so a test sees its job running.
/// </summary>
public sealed class SlowImageStore(IImageStore inner, string slowContainer, TimeSpan delay) : DelegatingImageStore(inner)
{
    public override async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
    {
        if (container == slowContainer)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return await base.OpenReadAsync(container, name, cancellationToken);
    }
}
