using System.Text;
using ImageFunctions.Api.Docs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.OpenApi;

/// <summary><c>GET /openapi.json</c>: the OpenAPI 3 document of this app, built once per process.</summary>
public sealed class OpenApiFunction
{
    private static readonly Lazy<CachedContent> _document = new(() => CachedContent.Create(
        Encoding.UTF8.GetBytes(OpenApiDocumentFactory.ToJson(OpenApiDocumentFactory.Create())),
        "application/json; charset=utf-8"));

    /// <summary>The document as JSON.</summary>
    [Function("OpenApi")]
    public IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req)
    {
        ArgumentNullException.ThrowIfNull(req);
        return new CachedContentResult(_document.Value, DocsFunction.PageCacheControl);
    }
}
