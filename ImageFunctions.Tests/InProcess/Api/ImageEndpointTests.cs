using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary><c>GET /images/{job_id}/{filename}</c>: one result, with caching headers, never outside its job.</summary>
[Collection(ServicesCollection.Name)]
public sealed class ImageEndpointTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task GetImage_ProcessedImage_Returns200WithContentTypeETagAndCacheControl()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png(seed: 31)));

        var response = await host.Api.ImageAsync(jobId, "cat.png");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("image/png", response.ContentType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], response.Body[..4]);
        Assert.Matches("^(W/)?\".+\"$", response.Header("ETag"));
        Assert.Contains("max-age=", response.Header("Cache-Control"), StringComparison.Ordinal);
        Assert.Equal(response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
    }

    [Fact]
    public async Task GetImage_IfNoneMatchWithCurrentETag_Returns304WithoutBody()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png(seed: 32)));
        var etag = (await host.Api.ImageAsync(jobId, "cat.png")).Header("ETag");

        var response = await host.Api.ImageAsync(jobId, "cat.png", ifNoneMatch: etag);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Header("ETag"));
    }

    [Fact]
    public async Task GetImage_IfNoneMatchWithOtherETag_Returns200()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png(seed: 33)));

        var response = await host.Api.ImageAsync(jobId, "cat.png", ifNoneMatch: "\"some-other-version\"");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.NotEmpty(response.Body);
    }

    [Theory]
    [InlineData("../cat.png")]
    [InlineData("sub\\cat.png")]
    [InlineData("..\\cat.png")]
    public async Task GetImage_NameWithPathParts_Returns400(string fileName)
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var response = await host.Api.ImageAsync(Jobs.JobIds.New(), fileName);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Theory]
    [InlineData("/images/{0}/sub%2Fcat.png")] // ASP.NET Core keeps %2F encoded in route values: a plain name that matches no image
    [InlineData("/images/{0}/..")]
    [InlineData("/images/{0}/%2E%2E")]
    [InlineData("/images/{0}/./..")]
    public async Task GetImage_SlashOrDotSegmentsInName_NeverLeaveTheJobAndReturn404(string pathFormat)
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var response = await host.Api.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, Jobs.JobIds.New()));

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GetImage_NameOfAnotherJobsImage_IsNotReachable()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var first = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png(seed: 35)));
        var second = await host.RunJobAsync(new MultipartRequest().File("dog.png", TestImages.Png(seed: 36)));

        Assert.Equal(StatusCodes.Status404NotFound, (await host.Api.ImageAsync(second, "cat.png")).Status);
        Assert.Equal(StatusCodes.Status400BadRequest, (await host.Api.ImageAsync(second, $"../{first}/cat.png")).Status);
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.ImageAsync(first, "cat.png")).Status);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "cat.png")]
    [InlineData("not-a-job", "cat.png")]
    public async Task GetImage_UnknownJob_Returns404(string jobId, string fileName)
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var response = await host.Api.ImageAsync(jobId, fileName);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GetImage_UnknownNameInKnownJob_Returns404()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png(seed: 37)));

        var response = await host.Api.ImageAsync(jobId, "dog.png");

        response.AssertProblem(StatusCodes.Status404NotFound);
    }
}
