using ImageFunctions.Tests.Unit.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace ImageFunctions.Tests.InProcess.Docs;

/// <summary><c>/openapi.json</c> over HTTP.</summary>
public sealed class OpenApiFunctionTests(EmbeddedHostFixture host) : IClassFixture<EmbeddedHostFixture>
{
    [Fact]
    public async Task OpenApi_Get_ServesTheDocumentAsJson()
    {
        var response = await host.Api.GetAsync("/openapi.json");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(OpenApiTestData.Json, response.Text);
        var (document, diagnostic) = OpenApiDocument.Parse(response.Text, "json");
        Assert.Empty(diagnostic!.Errors);
        Assert.Equal("ImageFunctions API", document!.Info.Title);
    }

    [Fact]
    public async Task OpenApi_IfNoneMatchItsETag_Returns304()
    {
        var etag = (await host.Api.GetAsync("/openapi.json")).Header("ETag");

        var response = await host.Api.GetAsync("/openapi.json", ifNoneMatch: etag);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
    }
}
