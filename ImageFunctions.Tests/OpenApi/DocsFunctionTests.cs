using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageFunctions.Api.Docs;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.OpenApi;

public sealed partial class DocsFunctionTests
{
    private readonly DocsFunction _function = new();

    [Fact]
    public async Task Docs_Get_ServesSwaggerUiPageOverOpenApiJson()
    {
        var request = HttpResultRunner.Get("/docs");

        var response = await _function.Docs(request).ExecuteAsync(request);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal("no-cache", response.Headers.CacheControl);
        Assert.Contains("SwaggerUIBundle(", response.Text, StringComparison.Ordinal);
        Assert.Contains("new URL(\"openapi.json\", document.baseURI)", response.Text, StringComparison.Ordinal);
        Assert.Contains("validatorUrl: null", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_Get_ReferencesOnlyRelativeUrls()
    {
        var request = HttpResultRunner.Get("/docs");
        var html = (await _function.Docs(request).ExecuteAsync(request)).Text;

        var urls = AssetUrls(html);

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.Matches("^docs/[A-Za-z0-9._-]+\\?v=[0-9a-f]+$", url));
        Assert.DoesNotContain("//", html.Replace("<!DOCTYPE", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsAsset_EveryAssetOfThePage_IsServedWithItsContentType()
    {
        var request = HttpResultRunner.Get("/docs");
        var urls = AssetUrls((await _function.Docs(request).ExecuteAsync(request)).Text);
        var expected = new Dictionary<string, string>
        {
            [".js"] = "text/javascript; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".png"] = "image/png",
        };

        foreach (var url in urls)
        {
            var name = url["docs/".Length..url.IndexOf('?', StringComparison.Ordinal)];
            var assetRequest = HttpResultRunner.Get("/" + url);

            var response = await _function.DocsAsset(assetRequest, name).ExecuteAsync(assetRequest);

            Assert.Equal(StatusCodes.Status200OK, response.Status);
            Assert.Equal(expected[Path.GetExtension(name)], response.ContentType);
            Assert.Equal(DocsFunction.AssetCacheControl, response.Headers.CacheControl);
            Assert.False(string.IsNullOrEmpty(response.Headers.ETag), name);
            Assert.True(response.Body.Length > 100, name);
            Assert.False(response.Headers.ContainsKey("Content-Encoding"), name);
        }
    }

    [Fact]
    public async Task DocsAsset_ClientAcceptsGzip_GetsTheSameBytesCompressed()
    {
        var plainRequest = HttpResultRunner.Get("/docs/swagger-ui-bundle.js");
        var gzipRequest = HttpResultRunner.Get("/docs/swagger-ui-bundle.js", ("Accept-Encoding", "gzip, deflate, br"));

        var plain = await _function.DocsAsset(plainRequest, "swagger-ui-bundle.js").ExecuteAsync(plainRequest);
        var gzip = await _function.DocsAsset(gzipRequest, "swagger-ui-bundle.js").ExecuteAsync(gzipRequest);

        Assert.Equal("gzip", gzip.Headers.ContentEncoding);
        Assert.Equal("Accept-Encoding", gzip.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, gzip.Headers.ETag);
        Assert.True(gzip.Body.Length < plain.Body.Length);
        Assert.Equal(plain.Body, Inflate(gzip.Body));
        Assert.Contains("SwaggerUIBundle", plain.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsAsset_IfNoneMatchItsETag_Returns304WithoutBody()
    {
        var first = HttpResultRunner.Get("/docs/swagger-ui.css");
        var etag = (await _function.DocsAsset(first, "swagger-ui.css").ExecuteAsync(first)).Headers.ETag.ToString();
        var again = HttpResultRunner.Get("/docs/swagger-ui.css", ("If-None-Match", etag));

        var response = await _function.DocsAsset(again, "swagger-ui.css").ExecuteAsync(again);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task DocsAsset_UnknownName_Returns404Problem()
    {
        var request = HttpResultRunner.Get("/docs/nothing.js");

        var response = await _function.DocsAsset(request, "nothing.js").ExecuteAsync(request);

        AssertProblem(response, StatusCodes.Status404NotFound);
    }

    [Theory]
    [InlineData("../host.json")]
    [InlineData("..")]
    [InlineData("..%2Fhost.json")]
    [InlineData("dist/swagger-ui.css")]
    [InlineData("..\\ImageFunctions.dll")]
    [InlineData("/etc/passwd")]
    [InlineData(".swagger-ui.css")]
    [InlineData("swagger-ui.css\0")]
    public async Task DocsAsset_PathTraversalOrPathParts_Returns400Problem(string asset)
    {
        var request = HttpResultRunner.Get("/docs/x");

        var response = await _function.DocsAsset(request, asset).ExecuteAsync(request);

        AssertProblem(response, StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task Docs_TrailingSlash_RedirectsToThePageWithoutIt()
    {
        var request = HttpResultRunner.Get("/docs/");

        var response = await _function.Docs(request).ExecuteAsync(request);

        Assert.Equal(StatusCodes.Status302Found, response.Status);
        Assert.Equal("../docs", response.Headers.Location);
    }

    [Fact]
    public void Load_AssemblyWithoutSwaggerUi_ThrowsClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SwaggerUiAssets.Load(typeof(DocsFunctionTests).Assembly));

        Assert.Contains("swagger-ui-dist", error.Message, StringComparison.Ordinal);
    }

    internal static IReadOnlyList<string> AssetUrls(string html) =>
        AssetUrlPattern().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

    private static void AssertProblem(ExecutedResponse response, int status)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        using var problem = JsonDocument.Parse(response.Body);
        Assert.Equal(status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
    }

    private static byte[] Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex AssetUrlPattern();
}
