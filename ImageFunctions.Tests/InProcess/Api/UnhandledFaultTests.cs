using ImageFunctions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Backends down while the read endpoints work, through the standalone host (the same answer as the Functions host's
/// worker middleware, <c>Unit/Hosting/UnhandledFaultMiddlewareTests</c>): 503 problem+json with <c>Retry-After</c> and a
/// <c>traceId</c>, never the client library's text (which names the unreachable address).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class UnhandledFaultTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Theory]
    [InlineData("GET", "/status-job/")]
    [InlineData("GET", "/download/")]
    [InlineData("DELETE", "/delete-job/")]
    public async Task Job_DurableBackendUnreachable_Returns503Problem(string method, string route)
    {
        var durable = UnreachableBackends.DurableClient();
        await using var host = await AppHost.StartAsync(azurite, redis, configureServices: services => services.AddSingleton(durable));

        var response = await host.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), route + JobIds.New()));

        AssertUnavailable(response);
    }

    [Fact]
    public async Task GetImage_StorageUnreachable_Returns503Problem()
    {
        // A real Blob client against storage that refuses every connection (retrying at once: the default waits seconds).
        await using var host = await AppHost.StartAsync(azurite, redis,
            configureServices: services => services.DecorateImageStore(inner => new OutageImageStore(inner) { Down = true }));

        var response = await host.Api.ImageAsync(JobIds.New(), "a.png");

        AssertUnavailable(response);
    }

    [Fact]
    public async Task SubmitJob_StorageUnreachable_Returns503ProblemAndKeepsNoUploads()
    {
        await using var host = await AppHost.StartAsync(azurite, redis,
            configureServices: services => services.DecorateImageStore(inner => new OutageImageStore(inner) { Down = true }));

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()));

        AssertUnavailable(response);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task DownloadJob_StorageDownOnceTheJobIsDone_Returns503ProblemWithoutZipHeaders()
    {
        OutageImageStore? outage = null;
        await using var host = await AppHost.StartAsync(azurite, redis,
            configureServices: services => services.DecorateImageStore(inner => outage = new OutageImageStore(inner)));
        var jobId = await host.RunJobAsync(new MultipartRequest().File("a.png", TestImages.Png()));
        outage!.Down = true;

        var response = await host.Api.DownloadAsync(jobId);

        AssertUnavailable(response);
        Assert.Empty(response.Header("Content-Disposition"));
    }

    private static void AssertUnavailable(ApiResponse response)
    {
        var problem = response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.True(int.TryParse(response.Header("Retry-After"), out var seconds) && seconds > 0, $"Retry-After: '{response.Header("Retry-After")}'");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()), response.Text);
        Assert.DoesNotContain("127.0.0.1", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", response.Text, StringComparison.OrdinalIgnoreCase);
    }
}
