using System.IO.Compression;
using System.Security.Cryptography;
using ImageFunctions.Api.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Assets;

/// <summary>
/// Bytes held in memory, ready to serve: the content type, a strong ETag from their SHA-256 and, when
/// <see cref="Gzipped"/>, the gzip form (sent as is to clients that accept gzip, inflated for the others).
/// </summary>
public sealed record CachedContent(byte[] Body, string ContentType, string ETag, bool Gzipped)
{
    /// <summary>Wraps <paramref name="body"/>; a body starting with the gzip magic number is kept compressed.</summary>
    public static CachedContent Create(byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var hash = Convert.ToHexStringLower(SHA256.HashData(body))[..20];
        return new CachedContent(body, contentType, $"\"{hash}\"", body is [0x1f, 0x8b, ..]);
    }

    /// <summary>
    /// Wraps <paramref name="body"/> stored gzip-compressed when that makes it smaller (text, for the most part): compressed
    /// once here instead of on every answer.
    /// </summary>
    public static CachedContent CreateCompressed(byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(body);
        }

        return Create(compressed.Length < body.Length ? compressed.ToArray() : body, contentType);
    }

    /// <summary>A short version stamp for URLs (<c>?v=</c>), changes with the bytes.</summary>
    public string Version => ETag.Trim('"')[..12];
}

/// <summary>
/// Serves a <see cref="CachedContent"/> with its ETag and <c>Cache-Control</c>, answering 304 to a matching
/// <c>If-None-Match</c> and negotiating gzip through <c>Accept-Encoding</c>.
/// </summary>
public sealed class CachedContentResult(CachedContent content, string cacheControl) : IResult
{
    /// <summary>Cache policy of a page: always revalidated (a 304 when unchanged), so a new build's asset versions are picked up.</summary>
    public const string Revalidate = "no-cache";

    /// <summary>Cache policy of a file whose URL carries its version stamp (<see cref="CachedContent.Version"/>): it never changes.</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    private const string GzipETagSuffix = "-gzip\"";

    /// <summary>What is served.</summary>
    public CachedContent Content { get; } = content;

    /// <summary>More response headers, sent with the 200 and the 304 (e.g. a page's <c>Content-Security-Policy</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The ETag of the gzip form: the content's tag with <c>-gzip</c> before the closing quote.</summary>
    private string GzipETag => Content.ETag[..^1] + GzipETagSuffix;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var request = httpContext.Request;
        var response = httpContext.Response;
        var sendGzip = Content.Gzipped && AcceptsGzip(request);
        response.Headers.CacheControl = cacheControl;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        response.Headers.ETag = sendGzip ? GzipETag : Content.ETag;
        if (Content.Gzipped)
        {
            response.Headers.Vary = HeaderNames.AcceptEncoding;
        }

        // Either form's tag is current: the bytes are the same once decoded.
        if (ConditionalRequest.IsNotModified(request, new EntityTagHeaderValue(Content.ETag), new EntityTagHeaderValue(GzipETag)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = Content.ContentType;
        if (Content.Gzipped && !sendGzip)
        {
            await using var inflated = new GZipStream(new MemoryStream(Content.Body, writable: false), CompressionMode.Decompress);
            await inflated.CopyToAsync(response.Body, httpContext.RequestAborted);
            return;
        }

        if (sendGzip)
        {
            response.Headers.ContentEncoding = "gzip";
        }

        response.ContentLength = Content.Body.Length;
        await response.Body.WriteAsync(Content.Body, httpContext.RequestAborted);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e =>
            string.Equals(e.Value.Value, "gzip", StringComparison.OrdinalIgnoreCase) && (e.Quality ?? 1) > 0);
}
