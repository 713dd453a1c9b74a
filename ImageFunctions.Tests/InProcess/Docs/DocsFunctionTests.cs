using System.IO.Compression;
using System.Text.RegularExpressions;
using ImageFunctions.Api.Docs;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Docs;

/// <summary><c>/docs</c> over HTTP: the Swagger UI page and its bundled assets, served by the app itself.</summary>
public sealed partial class DocsFunctionTests(EmbeddedHostFixture host) : IClassFixture<EmbeddedHostFixture>
{
    [Fact]
    public async Task Docs_Get_ServesSwaggerUiPageOverOpenApiJson()
    {
        var response = await host.Api.GetAsync("/docs");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal("no-cache", response.Header("Cache-Control"));
        Assert.Contains("SwaggerUIBundle(", response.Text, StringComparison.Ordinal);
        Assert.Contains("new URL(\"openapi.json\", document.baseURI)", response.Text, StringComparison.Ordinal);
        Assert.Contains("validatorUrl: null", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_Get_ReferencesOnlyRelativeUrls()
    {
        var html = (await host.Api.GetAsync("/docs")).Text;

        var urls = AssetUrls(html);

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.Matches("^docs/[A-Za-z0-9._-]+\\?v=[0-9a-f]+$", url));
        Assert.DoesNotContain("//", html.Replace("<!DOCTYPE", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsAsset_EveryAssetOfThePage_IsServedWithItsContentType()
    {
        var urls = AssetUrls((await host.Api.GetAsync("/docs")).Text);
        var expected = new Dictionary<string, string>
        {
            [".js"] = "text/javascript; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".png"] = "image/png",
        };

        foreach (var url in urls)
        {
            var name = url["docs/".Length..url.IndexOf('?', StringComparison.Ordinal)];

            var response = await host.Api.GetAsync("/" + url);

            Assert.Equal(StatusCodes.Status200OK, response.Status);
            Assert.Equal(expected[Path.GetExtension(name)], response.ContentType);
            Assert.Equal(DocsFunction.AssetCacheControl, response.Header("Cache-Control"));
            Assert.False(string.IsNullOrEmpty(response.Header("ETag")), name);
            Assert.True(response.Body.Length > 100, name);
            Assert.False(response.Headers.ContainsKey("Content-Encoding"), name);
        }
    }

    [Fact]
    public async Task DocsAsset_ClientAcceptsGzip_GetsTheSameBytesCompressed()
    {
        var plain = await host.Api.GetAsync("/docs/swagger-ui-bundle.js");
        var gzip = await host.Api.GetAsync("/docs/swagger-ui-bundle.js", acceptEncoding: "gzip, deflate, br");

        Assert.Equal("gzip", gzip.Header("Content-Encoding"));
        Assert.Equal("Accept-Encoding", gzip.Header("Vary"));
        Assert.NotEqual(plain.Header("ETag"), gzip.Header("ETag"));
        Assert.True(gzip.Body.Length < plain.Body.Length);
        Assert.Equal(plain.Body, Inflate(gzip.Body));
        Assert.Contains("SwaggerUIBundle", plain.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocsAsset_IfNoneMatchItsETag_Returns304WithoutBody()
    {
        var etag = (await host.Api.GetAsync("/docs/swagger-ui.css")).Header("ETag");

        var response = await host.Api.GetAsync("/docs/swagger-ui.css", ifNoneMatch: etag);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Header("ETag"));
    }

    [Fact]
    public async Task DocsAsset_UnknownName_Returns404Problem()
    {
        var response = await host.Api.GetAsync("/docs/nothing.js");

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    // The paths as a hostile client sends them; the rule itself is unit-tested with every name (FileNamesTests).
    [Theory]
    [InlineData("/docs/..%2Fhost.json")]
    [InlineData("/docs/..%2F..%2Fhost.json")]
    [InlineData("/docs/..%5CImageFunctions.dll")]
    [InlineData("/docs/.swagger-ui.css")]
    [InlineData("/docs/swagger-ui.css%01")]
    public async Task DocsAsset_PathTraversalOrPathParts_Returns400Problem(string path)
    {
        var response = await host.Api.GetAsync(path);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    // The asset route has one segment, so deeper paths match no function at all.
    [Theory]
    [InlineData("/docs/dist/swagger-ui.css")]
    [InlineData("/docs//etc/passwd")]
    public async Task DocsAsset_NestedPath_Returns404Problem(string path)
    {
        var response = await host.Api.GetAsync(path);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Docs_TrailingSlash_RedirectsToThePageWithoutIt()
    {
        var response = await host.Api.GetAsync("/docs/");

        Assert.Equal(StatusCodes.Status302Found, response.Status);
        Assert.Equal("../docs", response.Header("Location"));
    }

    [Fact]
    public void Load_AssemblyWithoutSwaggerUi_ThrowsClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SwaggerUiAssets.Load(typeof(DocsFunctionTests).Assembly));

        Assert.Contains("swagger-ui-dist", error.Message, StringComparison.Ordinal);
    }

    internal static IReadOnlyList<string> AssetUrls(string html) =>
        AssetUrlPattern().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToArray();

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
