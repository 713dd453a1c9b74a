using System.IO.Compression;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Results;

/// <summary>
/// Streams a ZIP of stored objects straight from the store to the response: entries are stored (images are
/// already compressed), written one at a time, with no temporary file and no whole archive in memory.
/// </summary>
public sealed class ZipArchiveResult(
    IImageStore store, string container, IReadOnlyList<ZipEntrySource> entries, string downloadName, BackendDeadline? deadline = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(downloadName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.CacheControl = "private, no-cache";

        await using var body = new AsyncOnlyWriteStream(response.Body);
        // Disposed only once every entry is written: disposing writes the archive's end, so a ZIP cut short by a fault would
        // look whole (and, when the first object cannot be read, start a 200 answer). Until then nothing is sent, so the
        // fault is still answered as such (a 503 when storage is down).
        var archive = await ZipArchive.CreateAsync(body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var entry in entries)
        {
            // Opening waits for storage's answer: bounded as the request's other backend calls (reads are bounded by the client's network timeout).
            await using var stored = deadline is null
                ? await store.OpenReadAsync(container, entry.ObjectName, cancellationToken)
                : await deadline.RunAsync(ct => store.OpenReadAsync(container, entry.ObjectName, ct), cancellationToken);
            if (stored is null)
            {
                continue;
            }

            var zipEntry = archive.CreateEntry(entry.EntryName, CompressionLevel.NoCompression);
            zipEntry.LastWriteTime = stored.Info.LastModified;
            await using var target = await zipEntry.OpenAsync(cancellationToken);
            await stored.Content.CopyToAsync(target, cancellationToken);
        }

        await archive.DisposeAsync();
    }
}

/// <summary>
/// Lets the archive's few small synchronous writes reach a response body that only allows asynchronous ones
/// (Kestrel's, with AllowSynchronousIO off): on a non-seekable stream an entry writes its data descriptor
/// synchronously when its stream is disposed. Those bytes are held and written ahead of the next asynchronous
/// write, or when this stream is disposed.
/// </summary>
internal sealed class AsyncOnlyWriteStream(Stream inner) : Stream
{
    private readonly MemoryStream _pending = new();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override void Flush()
    {
        // Nothing: held bytes go out with the next asynchronous operation.
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await DrainAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await DrainAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        await DrainAsync(CancellationToken.None);
        await _pending.DisposeAsync();
        await base.DisposeAsync();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pending.Length > 0)
        {
            await inner.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
            _pending.SetLength(0);
        }
    }
}

/// <summary>One ZIP entry: the stored object and its name in the archive.</summary>
public sealed record ZipEntrySource(string ObjectName, string EntryName);
