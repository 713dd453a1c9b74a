using ImageFunctions.Api.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace ImageFunctions.Tests.OpenApi;

public sealed class OpenApiFunctionTests
{
    private readonly OpenApiFunction _function = new();

    [Fact]
    public async Task OpenApi_Get_ServesTheDocumentAsJson()
    {
        var request = HttpResultRunner.Get("/openapi.json");

        var response = await _function.OpenApi(request).ExecuteAsync(request);

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
        var first = HttpResultRunner.Get("/openapi.json");
        var etag = (await _function.OpenApi(first).ExecuteAsync(first)).Headers.ETag.ToString();
        var again = HttpResultRunner.Get("/openapi.json", ("If-None-Match", etag));

        var response = await _function.OpenApi(again).ExecuteAsync(again);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
    }
}
