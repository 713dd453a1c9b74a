using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Support;

/// <summary>The real store until <see cref="Down"/> is set; then reads and writes go to a store that cannot be reached.</summary>
public sealed class OutageImageStore(IImageStore inner) : DelegatingImageStore(inner)
{
    private readonly IImageStore _unreachable = UnreachableBackends.BlobStore();

    public bool Down { get; set; }

    public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
        Down ? _unreachable.SaveAsync(container, name, content, contentType, cancellationToken) : base.SaveAsync(container, name, content, contentType, cancellationToken);

    public override Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken) =>
        Down ? _unreachable.OpenReadAsync(container, name, cancellationToken) : base.OpenReadAsync(container, name, cancellationToken);
}
