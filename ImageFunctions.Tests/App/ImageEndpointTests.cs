using ImageFunctions.Tests.App.Support;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static ImageFunctions.Tests.App.ApiCalls;

namespace ImageFunctions.Tests.App;

/// <summary><c>GET /images/{job_id}/{filename}</c>: one result, with caching headers, never outside its job.</summary>
[Collection(ServicesCollection.Name)]
public sealed class ImageEndpointTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task GetImage_ProcessedImage_Returns200WithContentTypeETagAndCacheControl()
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);
        var jobId = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png(seed: 31)));

        var response = await ImageAsync(host, jobId, "cat.png");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("image/png", response.ContentType);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], response.Body[..4]);
        Assert.Matches("^(W/)?\".+\"$", response.Header("ETag"));
        Assert.Contains("max-age=", response.Header("Cache-Control"), StringComparison.Ordinal);
        Assert.Equal(response.Body.Length, response.Headers.ContentLength);
    }

    [Fact]
    public async Task GetImage_IfNoneMatchWithCurrentETag_Returns304WithoutBody()
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);
        var jobId = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png(seed: 32)));
        var etag = (await ImageAsync(host, jobId, "cat.png")).Header("ETag");

        var response = await ImageAsync(host, jobId, "cat.png", ifNoneMatch: etag);

        Assert.Equal(StatusCodes.Status304NotModified, response.Status);
        Assert.Empty(response.Body);
        Assert.Equal(etag, response.Header("ETag"));
    }

    [Fact]
    public async Task GetImage_IfNoneMatchWithOtherETag_Returns200()
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);
        var jobId = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png(seed: 33)));

        var response = await ImageAsync(host, jobId, "cat.png", ifNoneMatch: "\"some-other-version\"");

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.NotEmpty(response.Body);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../cat.png")]
    [InlineData("..%2Fcat.png")]
    [InlineData("sub/cat.png")]
    [InlineData("sub\\cat.png")]
    [InlineData("..\\cat.png")]
    public async Task GetImage_NameWithPathParts_Returns400(string fileName)
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);

        var response = await ImageAsync(host, Jobs.JobIds.New(), fileName);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task GetImage_NameOfAnotherJobsImage_IsNotReachable()
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);
        var first = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png(seed: 35)));
        var second = await RunJobAsync(host, new MultipartRequest().File("dog.png", TestImages.Png(seed: 36)));

        Assert.Equal(StatusCodes.Status404NotFound, (await ImageAsync(host, second, "cat.png")).Status);
        Assert.Equal(StatusCodes.Status400BadRequest, (await ImageAsync(host, second, $"../{first}/cat.png")).Status);
        Assert.Equal(StatusCodes.Status200OK, (await ImageAsync(host, first, "cat.png")).Status);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef", "cat.png")]
    [InlineData("not-a-job", "cat.png")]
    public async Task GetImage_UnknownJob_Returns404(string jobId, string fileName)
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);

        var response = await ImageAsync(host, jobId, fileName);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GetImage_UnknownNameInKnownJob_Returns404()
    {
        await using var host = await AppTestHost.StartAsync(azurite, redis);
        var jobId = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png(seed: 37)));

        var response = await ImageAsync(host, jobId, "dog.png");

        response.AssertProblem(StatusCodes.Status404NotFound);
    }
}
