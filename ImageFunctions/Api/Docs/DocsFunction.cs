using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.Docs;

/// <summary><c>GET /docs</c>: Swagger UI over <c>/openapi.json</c>, with its assets served by the app itself (works offline).</summary>
public sealed class DocsFunction
{
    /// <summary>Cache policy of the page: always revalidated, so a new build's asset versions are picked up.</summary>
    public const string PageCacheControl = "no-cache";

    /// <summary>Cache policy of the assets: their URLs carry a version stamp, so they never change.</summary>
    public const string AssetCacheControl = "public, max-age=31536000, immutable";

    private static readonly Lazy<CachedContent> _page = new(() => DocsPage.Create(SwaggerUiAssets.Default));

    /// <summary>The Swagger UI page.</summary>
    [Function("Docs")]
    public IResult Docs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);

        // The page's URLs are relative to "/docs"; under "/docs/" they would point one level too deep.
        return req.Path.HasValue && req.Path.Value!.EndsWith('/')
            ? TypedResults.Redirect("../docs")
            : new CachedContentResult(_page.Value, PageCacheControl);
    }

    /// <summary>One file of swagger-ui-dist, by plain file name.</summary>
    [Function("DocsAsset")]
    public IResult DocsAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*asset}")] HttpRequest req,
        string? asset)
    {
        ArgumentNullException.ThrowIfNull(req);
        if (string.IsNullOrEmpty(asset))
        {
            return TypedResults.Redirect("../docs");
        }

        if (!FileNames.IsPlain(asset))
        {
            return Problems.BadRequest($"An asset name must be {FileNames.Rule}.");
        }

        return SwaggerUiAssets.Default.Find(asset) is { } content
            ? new CachedContentResult(content, AssetCacheControl)
            : Problems.NotFound($"'{asset}' is not a Swagger UI file.");
    }
}
