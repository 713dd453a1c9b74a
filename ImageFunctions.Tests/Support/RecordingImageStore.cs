using System.Collections.Concurrent;
using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Support;

/// <summary>An image store that remembers every object written through it (to learn a refused job's id).</summary>
internal sealed class RecordingImageStore(IImageStore inner) : DelegatingImageStore(inner)
{
    public ConcurrentQueue<(string Container, string Name)> Saved { get; } = new();

    public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        Saved.Enqueue((container, name));
        return base.SaveAsync(container, name, content, contentType, cancellationToken);
    }
}
