using System.Text;
using ImageFunctions.Api.Assets;
using ImageFunctions.Api.Docs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.OpenApi;

/// <summary><c>GET /openapi.json</c>: the OpenAPI 3 document of this app, built once per process.</summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<CachedContent> Document = new(() => CachedContent.Create(
        Encoding.UTF8.GetBytes(OpenApiDocumentFactory.ToJson(OpenApiDocumentFactory.Create())),
        "application/json; charset=utf-8"));

    /// <summary>The document as JSON.</summary>
    [Function("OpenApi")]
    [OpenApiOperation(OpenApiTags.Documentation, "This OpenAPI document",
        "The OpenAPI 3 description of this API, built from the functions' own attributes and contracts.")]
    [OpenApiResponse(200, "The OpenAPI document.", ContentType = "application/json")]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the document.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + DocsFunction.PageCacheControl + "`", 200, 304)]
    public IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return new CachedContentResult(Document.Value, DocsFunction.PageCacheControl);
    }
}
