using ImageFunctions.Api.Assets;
using ImageFunctions.Api.Docs;
using ImageFunctions.Api.Results;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Tests.Unit.OpenApi;

/// <summary>The shared <c>If-None-Match</c> rule, and the gzip form's tag of <see cref="CachedContentResult"/>.</summary>
public sealed class ConditionalRequestTests
{
    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("*", true)]
    [InlineData("\"other\", \"abc\"", true)]
    [InlineData("\"other\", W/\"abc\"", true)]
    [InlineData("\"other\"", false)]
    [InlineData("\"ABC\"", false)]
    [InlineData("\"abc-gzip\"", false)]
    [InlineData("abc", false)]
    [InlineData("", false)]
    public void IsNotModified_IfNoneMatch_WeakComparisonOrStar(string ifNoneMatch, bool expected)
    {
        var request = Request("/x", ("If-None-Match", ifNoneMatch));

        Assert.Equal(expected, ConditionalRequest.IsNotModified(request, new EntityTagHeaderValue("\"abc\"")));
        Assert.Equal(expected, ConditionalRequest.IsNotModified(request, new EntityTagHeaderValue("\"abc\"", isWeak: true)));
    }

    [Fact]
    public void IsNotModified_NoHeader_IsFalse() =>
        Assert.False(ConditionalRequest.IsNotModified(Request("/x"), new EntityTagHeaderValue("\"abc\"")));

    [Fact]
    public void IsNotModified_SeveralCurrentTags_AnyMatches()
    {
        var request = Request("/x", ("If-None-Match", "\"abc-gzip\""));

        Assert.True(ConditionalRequest.IsNotModified(request, new EntityTagHeaderValue("\"abc\""), new EntityTagHeaderValue("\"abc-gzip\"")));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CachedContentResult_EitherFormsETag_Returns304(bool gzipTagFromPlainClient)
    {
        var content = SwaggerUiAssets.Default.Find("swagger-ui-bundle.js")!;
        var gzipRequest = Request("/docs/swagger-ui-bundle.js", ("Accept-Encoding", "gzip"));
        await new CachedContentResult(content, "no-cache").ExecuteAsync(gzipRequest.HttpContext);
        var gzipETag = gzipRequest.HttpContext.Response.Headers.ETag.ToString();
        Assert.EndsWith("-gzip\"", gzipETag, StringComparison.Ordinal);
        var headers = new List<(string, string)> { ("If-None-Match", gzipTagFromPlainClient ? gzipETag : content.ETag) };
        if (!gzipTagFromPlainClient)
        {
            headers.Add(("Accept-Encoding", "gzip"));
        }

        var again = Request("/docs/swagger-ui-bundle.js", [.. headers]);
        await new CachedContentResult(content, "no-cache").ExecuteAsync(again.HttpContext);

        Assert.Equal(StatusCodes.Status304NotModified, again.HttpContext.Response.StatusCode);
        Assert.Equal(0, again.HttpContext.Response.Body.Length);
    }

    /// <summary>A request with <paramref name="headers"/> and an in-memory response body; no host is needed for these rules.</summary>
    private static HttpRequest Request(string path, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }
}
