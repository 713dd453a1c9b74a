using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary><c>GET /download/{job_id}</c>: the streamed ZIP of a job's results.</summary>
[Collection(ServicesCollection.Name)]
public sealed class DownloadTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("no-such-job")]
    public async Task DownloadJob_UnknownJob_Returns404(string jobId)
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var response = await host.Api.DownloadAsync(jobId);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task DownloadJob_WhileRunning_Returns409WithRetryAfter()
    {
        var uploads = $"uploads-slow-{Guid.NewGuid():N}"[..30];
        await using var host = await AppHost.StartAsync(
            azurite, redis, new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            services => services.DecorateImageStore(inner => new SlowImageStore(inner, uploads, TimeSpan.FromMilliseconds(3000))));
        var jobId = await host.Api.SubmitJobAsync(new MultipartRequest().File("a.png", TestImages.Png()));

        var response = await host.Api.DownloadAsync(jobId);

        response.AssertProblem(StatusCodes.Status409Conflict);
        Assert.True(int.TryParse(response.Header("Retry-After"), out var seconds) && seconds > 0, $"Retry-After: '{response.Header("Retry-After")}'");
        await host.WaitForJobAsync(jobId);
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.DownloadAsync(jobId)).Status);
    }

    [Fact]
    public async Task DownloadJob_AsSoonAsStatusSaysAllReady_ReturnsZip()
    {
        // Old clients poll until all_ready, then download at once: that must never be a 409.
        await using var host = await AppHost.StartAsync(azurite, redis);
        var request = new MultipartRequest();
        for (var i = 0; i < 6; i++)
        {
            request.File($"{i}.png", TestImages.Png(seed: 40 + i));
        }

        var jobId = await host.Api.SubmitJobAsync(request);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await host.Api.StatusAsync(jobId)).Json.GetProperty("all_ready").GetBoolean())
        {
            Assert.True(DateTime.UtcNow < deadline, "The job did not finish.");
        }

        var response = await host.Api.DownloadAsync(jobId);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal(6, JobApi.ZipEntries(response.Body).Count);
    }

    [Fact]
    public async Task DownloadJob_CompletedJob_ReturnsZipOfEveryOutputWithTheImagesBytes()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var request = new MultipartRequest()
            .File("one.png", TestImages.Png(seed: 11)).File("two.jpg", TestImages.Jpeg(seed: 12)).File("one.png", TestImages.Png(seed: 13));
        var jobId = await host.RunJobAsync(request, "?filter=edges");

        var response = await host.Api.DownloadAsync(jobId);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.Equal("application/zip", response.ContentType);
        var disposition = response.Header("Content-Disposition");
        Assert.StartsWith("attachment", disposition, StringComparison.Ordinal);
        Assert.Contains($"filename={jobId}.zip", disposition, StringComparison.Ordinal);
        var entries = JobApi.ZipEntries(response.Body);
        var names = await host.Api.OutputNamesAsync(jobId);
        Assert.Equal(["one.png", "two.jpg", "one_2.png"], names);
        Assert.Equal(names.Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        foreach (var name in names)
        {
            var image = await host.Api.ImageAsync(jobId, name);
            Assert.Equal(StatusCodes.Status200OK, image.Status);
            Assert.NotEmpty(image.Body);
            Assert.Equal(image.Body, entries[name]);
        }
    }

    [Fact]
    public async Task DownloadJob_OverKestrel_StreamsAValidZipWithAsyncWritesOnly()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = await host.RunJobAsync(new MultipartRequest().File("a.png", TestImages.Png(seed: 14)).File("b.png", TestImages.Png(seed: 15)));

        var response = await host.Api.DownloadAsync(jobId); // Kestrel refuses synchronous writes: a sync write would fail the response

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var entries = JobApi.ZipEntries(response.Body);
        Assert.Equal(["a.png", "b.png"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((await host.Api.ImageAsync(jobId, "b.png")).Body, entries["b.png"]);
    }

    [Fact]
    public async Task DownloadJob_JobWithOneFailure_HoldsTheSucceededImages()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var request = new MultipartRequest()
            .File("good1.png", TestImages.Png(seed: 21)).File("broken.png", TestImages.TruncatedPng()).File("good2.png", TestImages.Png(seed: 22));
        var jobId = await host.RunJobAsync(request);

        var response = await host.Api.DownloadAsync(jobId);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var entries = JobApi.ZipEntries(response.Body);
        Assert.Equal(["good1.png", "good2.png"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((await host.Api.ImageAsync(jobId, "good2.png")).Body, entries["good2.png"]);
    }
}
