using ImageFunctions.Settings;
using ImageFunctions.Imaging;
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
/// in memory. Anything refused throws <see cref="ApiProblemException"/>; the caller removes what was stored.
/// </summary>
public sealed class MultipartImageReader(IImageStore store, ImagePipeline pipeline, BackendDeadline deadline, IOptions<ImageFunctionsOptions> options)
{
    public const string FilesField = "files";

    /// <summary>Longest plain form field, in characters.</summary>
    public const int MaxFieldLength = 4096;

    /// <summary>Longest part header block, in bytes.</summary>
    public const int PartHeadersLimit = 16 * 1024;

    /// <summary>Longest multipart boundary we take (RFC 2046 allows 70 characters).</summary>
    public const int MaxBoundaryLength = 200;

    private readonly LimitsOptions _limits = options.Value.Limits;
    private readonly string _uploads = options.Value.Storage.UploadsContainer;

    public async Task<UploadedForm> ReadAsync(HttpRequest request, string jobId, CancellationToken cancellationToken)
    {
        var boundary = GetBoundary(request);
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = PartHeadersLimit };
        var images = new List<UploadedImage>();
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

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
                    images.Add(await StoreImageAsync(section.Body, fileName, jobId, cancellationToken));
                }
                else
                {
                    fields[name] = await ReadFieldAsync(section.Body, name, cancellationToken);
                }
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body: keep its status. 413: Kestrel's limit (RequestBodyLimit, set by the host) ran out.
            throw ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? new ApiProblemException(ex.StatusCode, "Request body too large",
                    $"The request body is larger than the limit of {RequestBodyLimit.For(_limits)} bytes: at most {_limits.MaxFiles} files "
                    + $"of at most {_limits.MaxFileBytes} bytes each, with their part headers and the form fields.", inner: ex)
                : new ApiProblemException(ex.StatusCode, "Bad request body", ex.Message, inner: ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // A body cut off inside a part ("Unexpected end of Stream") is the client's fault, not a 500.
            throw new ApiProblemException(400, "Malformed multipart body", ex.Message);
        }

        return new UploadedForm(images, fields);
    }

    private async Task<UploadedImage> StoreImageAsync(Stream body, string fileName, string jobId, CancellationToken cancellationToken)
    {
        var displayName = string.IsNullOrWhiteSpace(fileName) ? "image" : fileName;
        using var buffer = await BufferPartAsync(body, displayName, cancellationToken);

        // Identify sniffs the real format from the bytes, counts the metadata and reads the header against the limits (415/413/422).
        ImageFormatInfo format;
        try
        {
            format = pipeline.Identify(buffer);
        }
        catch (ImageRejectedException ex)
        {
            throw new ApiProblemException(StatusOf(ex.Reason), TitleOf(ex.Reason), $"'{displayName}': {ex.Message}");
        }

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

    private async Task<MemoryStream> BufferPartAsync(Stream body, string displayName, CancellationToken cancellationToken)
    {
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

            buffer.Write(chunk, 0, read);
        }

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
}
