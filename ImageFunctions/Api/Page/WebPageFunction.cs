using ImageFunctions.Api.Assets;
using ImageFunctions.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.Page;

/// <summary><c>GET /</c>: the web page (upload, watch, compare, download); <c>GET /page/{file}</c>: the files it loads.</summary>
public sealed class WebPageFunction
{
    /// <summary>
    /// The page's route: the Functions host takes no empty route (it would use the function's name), so the page is an
    /// optional parameter that only the empty string satisfies. It matches <c>/</c> alone and so shadows no other route, in
    /// the Functions host's router as in ASP.NET Core's (docs/architecture.md, The web page).
    /// </summary>
    public const string Route = "{page:maxlength(0)?}";

    /// <summary>
    /// What the page may load: its own scripts, styles, images and API, plus <c>blob:</c> images (the previews of the
    /// files picked, read locally). No inline script or style, no plug-ins, no frames, no base URL or form target elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Lazy<CachedContent> PageContent = new(WebPageAssets.CreatePage);

    private static readonly Dictionary<string, string> PageHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
    };

    /// <summary>The page.</summary>
    [Function("WebPage")]
    [OpenApiOperation(OpenApiTags.Page, "The web page",
        "A page for people: pick images, choose a filter chain and format, watch each image's progress, compare before and "
        + "after, download the ZIP. `/#job={jobId}` reopens a job.")]
    [OpenApiResponse(200, "The page.", ContentType = "text/html")]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the page.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + CachedContentResult.Revalidate + "`", 200, 304)]
    [OpenApiHeader("Content-Security-Policy", "`" + ContentSecurityPolicy + "`", 200, 304)]
    public IResult WebPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest req) =>
        new CachedContentResult(PageContent.Value, CachedContentResult.Revalidate) { Headers = PageHeaders };

    /// <summary>One file of the page, by plain file name.</summary>
    [Function("WebPageFile")]
    [OpenApiOperation(OpenApiTags.Page, "A file of the web page", "The page's script, style sheet and icon; their URLs carry a version stamp.")]
    [OpenApiResponse(200, "The file.", ContentType = "*/*")]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the file.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + CachedContentResult.Immutable + "`", 200, 304)]
    [OpenApiHeader("Vary", "`Accept-Encoding`: a file stored compressed is sent with `Content-Encoding: gzip` to clients that accept it.", 200, 304)]
    [OpenApiProblem(400, "The name is not " + FileNames.Rule + ".")]
    [OpenApiProblem(404, "No such file.")]
    public IResult WebPageFile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "page/{file}")] HttpRequest req,
        string file)
    {
        if (!FileNames.IsPlain(file))
        {
            return Problems.BadRequest($"A file name must be {FileNames.Rule}.");
        }

        return WebPageAssets.Files.Find(file) is { } content
            ? new CachedContentResult(content, CachedContentResult.Immutable)
            : Problems.NotFound($"'{file}' is not a file of the web page.");
    }
}
