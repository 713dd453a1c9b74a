using System.IO.Compression;
using System.Security.Cryptography;
using ImageFunctions.Api.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Docs;

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

    /// <summary>A short version stamp for URLs (<c>?v=</c>), changes with the bytes.</summary>
    public string Version => ETag.Trim('"')[..12];
}

/// <summary>
/// Serves a <see cref="CachedContent"/> with its ETag and <c>Cache-Control</c>, answering 304 to a matching
/// <c>If-None-Match</c> and negotiating gzip through <c>Accept-Encoding</c>.
/// </summary>
public sealed class CachedContentResult(CachedContent content, string cacheControl) : IResult
{
    private const string GzipETagSuffix = "-gzip\"";

    /// <summary>What is served.</summary>
    public CachedContent Content { get; } = content;

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
