using ImageFunctions.Settings;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// Reads a multipart/form-data request part by part: each <c>files</c> part is size-checked, sniffed from its bytes,
/// identified (header only, against the pixel limit) and written to the uploads container. At most one part is held
/// in memory. The body is read through <see cref="UploadPacingStream"/>, so a client that stalls or trickles is cut off (408)
/// at the part or request deadline or the minimum rate. The parts' bytes and pixels are added up as they come, and
/// reading stops at the first part that takes a total over <c>MaxJobBytes</c> or <c>MaxJobPixels</c>. Anything refused
/// throws <see cref="ApiProblemException"/>; the caller removes what was stored. When given a
/// <see cref="RequestFingerprint"/>, every file part and the fields go into it.
/// </summary>
public sealed class MultipartImageReader(
    IImageStore store, ImagePipeline pipeline, TimeProvider time, BackendDeadline deadline, IOptions<ImageFunctionsOptions> options)
{
    public const string FilesField = "files";

    /// <summary>Longest plain form field, in characters.</summary>
    public const int MaxFieldLength = 4096;

    /// <summary>Longest part header block, in bytes.</summary>
    public const int PartHeadersLimit = 16 * 1024;

    /// <summary>Longest multipart boundary we take (RFC 2046 allows 70 characters).</summary>
    public const int MaxBoundaryLength = 200;

    private readonly LimitsOptions _limits = options.Value.Limits;
    private readonly UploadPacing _pacing = UploadPacing.From(options.Value.Limits);
    private readonly string _uploads = options.Value.Storage.UploadsContainer;

    public async Task<UploadedForm> ReadAsync(HttpRequest request, string jobId, RequestFingerprint? fingerprint, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(request);
        var body = new UploadPacingStream(request.Body, _pacing, time);
        var reader = new MultipartReader(boundary, body) { HeadersLengthLimit = PartHeadersLimit };
        var images = new List<UploadedImage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var totals = new JobTotals();

        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                // Not IsFormDisposition(): that one is false for file parts (it means "a plain field").
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).ToString();
                body.BeginPart(name); // a skipped part is drained by the next ReadNextSectionAsync, still under this deadline
                if (disposition.IsFileDisposition())
                {
                    if (!string.Equals(name, FilesField, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    if (images.Count >= _limits.MaxFiles)
                    {
                        throw new ApiProblemException(400, "Too many files", $"A job takes at most {_limits.MaxFiles} files.");
                    }

                    var fileName = FileNames.Displayed(
                        HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).ToString());
                    images.Add(await StoreImageAsync(section.Body, body, fileName, jobId, totals, fingerprint, cancellationToken));
                }
                else
                {
                    fields[name] = await ReadFieldAsync(section.Body, name, cancellationToken);
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body: keep its status. 413: Kestrel's limit (RequestBodyLimit, set by the host) ran out;
            // 408: Kestrel's minimum data rate (RequestBodyLimitSetup) ran out.
            throw ex.StatusCode switch
            {
                StatusCodes.Status413PayloadTooLarge => new ApiProblemException(ex.StatusCode, "Request body too large",
                    $"The request body is larger than the limit of {RequestBodyLimit.For(_limits)} bytes: at most {_limits.MaxFiles} files "
                    + $"of at most {_limits.MaxFileBytes} bytes each and {_limits.MaxJobBytes} bytes together (MaxJobBytes), "
                    + "with their part headers and the form fields.", inner: ex),
                StatusCodes.Status408RequestTimeout => new ApiProblemException(ex.StatusCode, "Upload too slow",
                    $"{ex.Message} Nothing of the job was kept; send the request again.", inner: ex),
                _ => new ApiProblemException(ex.StatusCode, "Bad request body", ex.Message, inner: ex),
            };
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A body cut off inside a part ("Unexpected end of Stream") is the client's fault, not a 500.
            throw new ApiProblemException(400, "Malformed multipart body", ex.Message);
        }

        fingerprint?.AddFields(fields);
        return new UploadedForm(images, fields);
    }

    private async Task<UploadedImage> StoreImageAsync(
        Stream partBody, UploadPacingStream body, string fileName, string jobId, JobTotals totals, RequestFingerprint? fingerprint,
        CancellationToken cancellationToken)
    {
        var displayName = string.IsNullOrWhiteSpace(fileName) ? "image" : fileName;
        body.BeginPart(displayName);
        fingerprint?.BeginFile(displayName);
        using var buffer = await BufferPartAsync(partBody, displayName, totals, fingerprint, cancellationToken);
        fingerprint?.EndFile();
        body.EndPart(); // identifying and storing it is our time, not the client's

        // Identify sniffs the real format from the bytes, counts the metadata and reads the header against the limits (415/413/422).
        IdentifiedImage identified;
        try
        {
            identified = pipeline.IdentifyImage(buffer);
        }
        catch (ImageRejectedException ex)
        {
            throw new ApiProblemException(StatusOf(ex.Reason), TitleOf(ex.Reason), $"'{displayName}': {ex.Message}");
        }

        totals.Pixels += identified.Pixels;
        if (totals.Pixels > _limits.MaxJobPixels)
        {
            throw new ApiProblemException(413, "Job has too many pixels",
                $"With '{displayName}' ({identified.Width}x{identified.Height}) the files have {totals.Pixels} pixels together, "
                + $"more than the job limit MaxJobPixels of {_limits.MaxJobPixels}.");
        }

        var format = identified.Format;

        buffer.Position = 0;
        var taskId = JobIds.New();
        var blob = JobBlobNames.Upload(jobId, taskId);
        try
        {
            // Bounded: the part is buffered, so this waits for storage alone, never for the client.
            await deadline.RunAsync(ct => store.SaveAsync(_uploads, blob, buffer, format.MimeType, ct), cancellationToken);
        }
        catch (Exception ex) when (ex is StorageUnavailableException or BackendTimeoutException)
        {
            // A storage fault is ours, not the client's: 503 (not the 400 a broken request body gets below).
            throw new ApiProblemException(503, "Storage unavailable", $"'{displayName}' could not be stored; try again later.", inner: ex);
        }
        return new UploadedImage(taskId, displayName, blob, format);
    }

    private async Task<MemoryStream> BufferPartAsync(
        Stream body, string displayName, JobTotals totals, RequestFingerprint? fingerprint, CancellationToken cancellationToken)
    {
        // Counted as engine work: the idle trim (ImagingConfiguration) gives the buffer's memory back once the last part is done.
        using var work = ImagingConfiguration.EnterWork();
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _limits.MaxFileBytes)
            {
                await buffer.DisposeAsync();
                throw new ApiProblemException(413, "File too large", $"'{displayName}' is larger than the limit of {_limits.MaxFileBytes} bytes.");
            }

            if (totals.Bytes + buffer.Length + read > _limits.MaxJobBytes)
            {
                await buffer.DisposeAsync();
                throw new ApiProblemException(413, "Job too large",
                    $"With '{displayName}' the files are larger together than the job limit MaxJobBytes of {_limits.MaxJobBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
            fingerprint?.AddFileBytes(chunk.AsSpan(0, read));
        }

        totals.Bytes += buffer.Length;

        if (buffer.Length == 0)
        {
            await buffer.DisposeAsync();
            throw new ApiProblemException(422, "Empty file", $"'{displayName}' is empty.");
        }

        buffer.Position = 0;
        return buffer;
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var buffer = new char[MaxFieldLength + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (length > MaxFieldLength)
        {
            throw new ApiProblemException(400, "Form field too long", $"The form field '{name}' is longer than {MaxFieldLength} characters.");
        }

        return new string(buffer, 0, length);
    }

    private static string GetBoundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(415, "Unsupported Media Type", "Send multipart/form-data with one or more 'files' parts.");
        }

        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).ToString();
        if (string.IsNullOrWhiteSpace(boundary) || boundary.Length > MaxBoundaryLength)
        {
            throw new ApiProblemException(400, "Malformed multipart body", "The multipart/form-data content type has no valid boundary.");
        }

        return boundary;
    }

    private static int StatusOf(ImageRejection reason) => reason switch
    {
        ImageRejection.TooLarge => 413,
        ImageRejection.UnsupportedFormat => 415,
        _ => 422,
    };

    private static string TitleOf(ImageRejection reason) => reason switch
    {
        ImageRejection.TooLarge => "Image too large",
        ImageRejection.UnsupportedFormat => "Unsupported image format",
        ImageRejection.ExcessiveMetadata => "Too much image metadata",
        _ => "Invalid image",
    };

    /// <summary>The bytes and pixels of the parts read so far.</summary>
    private sealed class JobTotals
    {
        public long Bytes { get; set; }
        public long Pixels { get; set; }
    }
}
