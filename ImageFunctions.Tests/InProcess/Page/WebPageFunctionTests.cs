using System.IO.Compression;
using System.Text.RegularExpressions;
using ImageFunctions.Api.Assets;
using ImageFunctions.Api.Page;
using ImageFunctions.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.InProcess.Page;

/// <summary><c>/</c> over HTTP: the web page, the files it loads and the limits it reads, served by the app itself.</summary>
public sealed partial class WebPageFunctionTests(EmbeddedHostFixture host) : IClassFixture<EmbeddedHostFixture>
{
    [Fact]
    public async Task Root_Get_ServesThePageWithItsSecurityPolicy()
    {
        var response = await host.Api.GetAsync("/");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("text/html; charset=utf-8", response.ContentType);
        Assert.Equal(CachedContentResult.Revalidate, response.Header("Cache-Control"));
        Assert.Matches("^\"[0-9a-f]{20}\"$", response.Header("ETag"));
        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            response.Header("Content-Security-Policy"));
        Assert.Contains("<title>ImageFunctions</title>", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_Get_HasNoInlineScriptOrStyleAndOnlyVersionedFilesOfItsOwn()
    {
        var html = (await host.Api.GetAsync("/")).Text;

        // The policy allows no inline code: every script has a src, no style element or attribute.
        Assert.All(Regex.Matches(html, "<script[^>]*>"), m => Assert.Contains(" src=\"page/", m.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("<[^>]*\\son[a-z]+=", html);
        var files = FileUrls(html);
        Assert.Equal(["page/app.css", "page/app.js", "page/icon.svg"], files.Select(u => u[..u.IndexOf('?', StringComparison.Ordinal)]).Order(StringComparer.Ordinal));
        Assert.All(files, url => Assert.Matches("^page/[a-z]+\\.[a-z]+\\?v=[0-9a-f]{12}$", url));
    }

    [Fact]
    public async Task Root_IfNoneMatchItsETag_Returns304WithThePolicy()
    {
        var etag = (await host.Api.GetAsync("/")).Header("ETag");

        var response = await host.Api.GetAsync("/", ifNoneMatch: etag);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Header("ETag"));
        Assert.StartsWith("default-src 'none';", response.Header("Content-Security-Policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebPageFile_EveryFileOfThePage_IsServedWithItsContentTypeAndLongCaching()
    {
        var expected = new Dictionary<string, string>
        {
            [".js"] = "text/javascript; charset=utf-8",
            [".css"] = "text/css; charset=utf-8",
            [".svg"] = "image/svg+xml",
        };

        foreach (var url in FileUrls((await host.Api.GetAsync("/")).Text))
        {
            var plain = await host.Api.GetAsync("/" + url);
            var gzip = await host.Api.GetAsync("/" + url, acceptEncoding: "gzip");
            var again = await host.Api.GetAsync("/" + url, ifNoneMatch: gzip.Header("ETag"));

            Assert.Equal(StatusCodes.Status200OK, plain.Status);
            Assert.Equal(expected[Path.GetExtension(url[..url.IndexOf('?', StringComparison.Ordinal)])], plain.ContentType);
            Assert.Equal(CachedContentResult.Immutable, plain.Header("Cache-Control"));
            Assert.True(plain.Body.Length > 100, url);
            Assert.Equal("gzip", gzip.Header("Content-Encoding"));
            Assert.Equal(plain.Body, Inflate(gzip.Body));
            Assert.Equal(StatusCodes.Status304NotModified, again.Status);
        }
    }

    [Fact]
    public async Task WebPageFile_UnknownName_Returns404Problem()
    {
        var response = await host.Api.GetAsync("/page/nothing.js");

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Theory]
    [InlineData("/page/..%2Fhost.json")]
    [InlineData("/page/..%5CImageFunctions.dll")]
    [InlineData("/page/.app.js")]
    [InlineData("/page/app.js%01")]
    public async Task WebPageFile_NameThatIsNotPlain_Returns400Problem(string path)
    {
        var response = await host.Api.GetAsync(path);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    // The page's route takes the empty path only: it shadows nothing.
    [Theory]
    [InlineData("/x")]
    [InlineData("/index.html")]
    [InlineData("/page")]
    public async Task RootRoute_OtherPath_IsNotThePage(string path)
    {
        var response = await host.Api.GetAsync(path);

        Assert.Equal(StatusCodes.Status404NotFound, response.Status);
    }

    [Fact]
    public async Task RootRoute_OtherFunctions_StillAnswer()
    {
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.GetAsync("/filters")).Status);
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.GetAsync("/docs")).Status);
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.GetAsync("/?job=1")).Status);
    }

    [Fact]
    public async Task Limits_Get_AreTheUploadSettingsAndTheEngineBounds()
    {
        var limits = host.App.Services.GetRequiredService<IOptions<ImageFunctions.Settings.ImageFunctionsOptions>>().Value.Limits;

        var json = (await host.Api.GetAsync("/limits")).Json;

        Assert.Equal(limits.MaxFiles, json.GetProperty("max_files").GetInt32());
        Assert.Equal(limits.MaxFileBytes, json.GetProperty("max_file_bytes").GetInt64());
        Assert.Equal(limits.MaxPixels, json.GetProperty("max_pixels").GetInt64());
        Assert.Equal(
            ["image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp", "image/tiff"],
            json.GetProperty("input_formats").EnumerateArray().Select(f => f.GetProperty("media_type").GetString()));
        Assert.Equal(["original", "jpeg", "png", "webp"], json.GetProperty("output_formats").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(
            (OutputOptions.MinQuality, OutputOptions.MaxQuality, OutputOptions.DefaultQuality, FilterChain.MaxSteps),
            (json.GetProperty("min_quality").GetInt32(), json.GetProperty("max_quality").GetInt32(),
                json.GetProperty("default_quality").GetInt32(), json.GetProperty("max_filter_steps").GetInt32()));
    }

    [Fact]
    public void CreatePage_TemplateNamingAMissingFile_Throws()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => WebPageAssets.CreatePage("<script src=\"page/missing.js\"></script>", WebPageAssets.Files));

        Assert.Contains("missing.js", error.Message, StringComparison.Ordinal);
    }

    private static string[] FileUrls(string html) =>
        [.. FileUrlPattern().Matches(html).Select(m => m.Groups[1].Value).Where(u => u.StartsWith("page/", StringComparison.Ordinal))];

    private static byte[] Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("(?:src|href)=\"([^\"]+)\"")]
    private static partial Regex FileUrlPattern();
}
