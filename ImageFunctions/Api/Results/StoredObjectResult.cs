using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Results;

/// <summary>Streams one stored image with its content type, ETag and cache headers; answers 304 to a matching If-None-Match.</summary>
public sealed class StoredObjectResult(StoredObject stored, string cacheControl) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await using var _ = stored;
        var response = httpContext.Response;
        var etag = EntityTagHeaderValue.Parse(NormaliseETag(stored.Info.ETag));
        response.Headers.ETag = etag.ToString();
        response.Headers.CacheControl = cacheControl;
        response.Headers.LastModified = stored.Info.LastModified.ToString("R");

        if (ConditionalRequest.IsNotModified(httpContext.Request, etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = stored.Info.ContentType;
        if (stored.Info.Length > 0)
        {
            response.ContentLength = stored.Info.Length;
        }

        await stored.Content.CopyToAsync(response.Body, httpContext.RequestAborted);
    }

    private static string NormaliseETag(string etag) =>
        etag.StartsWith('"') || etag.StartsWith("W/", StringComparison.Ordinal) ? etag : $"\"{etag}\"";
}
