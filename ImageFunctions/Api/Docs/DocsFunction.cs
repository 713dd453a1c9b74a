using ImageFunctions.Api.Assets;
using ImageFunctions.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.Docs;

/// <summary><c>GET /docs</c>: Swagger UI over <c>/openapi.json</c>, with its assets served by the app itself (works offline).</summary>
public sealed class DocsFunction
{
    /// <summary>Cache policy of the page: always revalidated, so a new build's asset versions are picked up.</summary>
    public const string PageCacheControl = CachedContentResult.Revalidate;

    /// <summary>Cache policy of the assets: their URLs carry a version stamp, so they never change.</summary>
    public const string AssetCacheControl = CachedContentResult.Immutable;

    private static readonly Lazy<CachedContent> Page = new(() => DocsPage.Create(SwaggerUiAssets.Default));

    /// <summary>The Swagger UI page.</summary>
    [Function("Docs")]
    [OpenApiOperation(OpenApiTags.Documentation, "Swagger UI", "An interactive page for this API; its assets are served by the app itself.")]
    [OpenApiResponse(200, "The page.", ContentType = "text/html")]
    [OpenApiResponse(302, "Asked as `/docs/`: redirect to `/docs`, which the page's relative URLs need.")]
    [OpenApiHeader("Location", "`../docs`", 302)]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the page.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + PageCacheControl + "`", 200, 304)]
    public IResult Docs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);

        // The page's URLs are relative to "/docs"; under "/docs/" they would point one level too deep.
        return req.Path.HasValue && req.Path.Value!.EndsWith('/')
            ? TypedResults.Redirect("../docs")
            : new CachedContentResult(Page.Value, PageCacheControl);
    }

    /// <summary>
    /// One file of swagger-ui-dist, by plain file name. The route has exactly one segment after <c>docs/</c>: a catch-all
    /// (<c>docs/{*asset}</c>) would also match <c>/docs</c> itself, and the Functions host, which orders routes by function
    /// name rather than by precedence, could then send the page's own URL here.
    /// </summary>
    [Function("DocsAsset")]
    [OpenApiOperation(OpenApiTags.Documentation, "A Swagger UI asset", "Files of the bundled swagger-ui-dist (scripts, styles, icons).")]
    [OpenApiResponse(200, "The file.", ContentType = "*/*")]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the file.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + AssetCacheControl + "`", 200, 304)]
    [OpenApiHeader("Vary", "`Accept-Encoding`: a file stored compressed is sent with `Content-Encoding: gzip` to clients that accept it.", 200, 304)]
    [OpenApiProblem(400, "The name is not " + FileNames.Rule + ".")]
    [OpenApiProblem(404, "No such asset.")]
    public IResult DocsAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{asset}")] HttpRequest req,
        string asset)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (!FileNames.IsPlain(asset))
        {
            return Problems.BadRequest($"An asset name must be {FileNames.Rule}.");
        }

        return SwaggerUiAssets.Default.Find(asset) is { } content
            ? new CachedContentResult(content, AssetCacheControl)
            : Problems.NotFound($"'{asset}' is not a Swagger UI file.");
    }
}
