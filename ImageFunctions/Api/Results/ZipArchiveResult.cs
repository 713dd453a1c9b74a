using System.IO.Compression;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Results;

/// <summary>
/// Streams a ZIP of stored objects straight from the store to the response: entries are stored (images are
/// already compressed), written one at a time, with no temporary file and no whole archive in memory.
/// </summary>
public sealed class ZipArchiveResult(IImageStore store, string container, IReadOnlyList<ZipEntrySource> entries, string downloadName) : IResult
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

        await using var archive = await ZipArchive.CreateAsync(response.Body, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        foreach (var entry in entries)
        {
            await using var stored = await store.OpenReadAsync(container, entry.ObjectName, cancellationToken);
            if (stored is null)
            {
                continue;
            }

            var zipEntry = archive.CreateEntry(entry.EntryName, CompressionLevel.NoCompression);
            zipEntry.LastWriteTime = stored.Info.LastModified;
            await using var target = await zipEntry.OpenAsync(cancellationToken);
            await stored.Content.CopyToAsync(target, cancellationToken);
        }
    }
}

/// <summary>One ZIP entry: the stored object and its name in the archive.</summary>
public sealed record ZipEntrySource(string ObjectName, string EntryName);
