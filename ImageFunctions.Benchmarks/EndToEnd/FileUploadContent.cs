using System.Net;
using System.Net.Http.Headers;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// A multipart part streamed from a file that is opened only while the part is sent, so a job of 1000 images holds
/// neither 1000 images in memory nor 1000 open files. The length is known up front, so the request has a Content-Length.
/// </summary>
internal sealed class FileUploadContent : HttpContent
{
    private const int BufferSize = 81_920;

    private readonly InputImage _image;

    public FileUploadContent(InputImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        _image = image;
        Headers.ContentType = new MediaTypeHeaderValue(image.ContentType);
    }

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(
            _image.Path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await file.CopyToAsync(stream, BufferSize, cancellationToken);
    }

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _image.Length;
        return true;
    }
}
