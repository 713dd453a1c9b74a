using System.Collections.Concurrent;
using ImageFunctions.Api;
using ImageFunctions.Api.Submission;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Issue 10, "Idempotency": <c>Idempotency-Key</c> on <c>POST /process-job</c> through the app on Azurite and the real
/// Durable engine, with the job state (and so the keys) in Redis and in memory.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class IdempotencyApiTests(AzuriteFixture azurite, RedisFixture redis)
{
    public static TheoryData<string> Stores => ["redis", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SameKeySameRequest_ReturnsTheFirstJobAndSchedulesNothingNew(string stateStore)
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(stateStore, s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));
        var key = Guid.NewGuid().ToString();

        var first = await SubmitAsync(host, key, Request());
        var second = await SubmitAsync(host, key, Request());

        Assert.Equal(StatusCodes.Status202Accepted, first.Status);
        Assert.Equal(StatusCodes.Status202Accepted, second.Status);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Header("Location"), second.Header("Location"));
        Assert.Equal("", first.Header(SubmitJobFunction.ReplayedHeader));
        Assert.Equal("true", second.Header(SubmitJobFunction.ReplayedHeader));
        var jobId = first.Json.GetProperty("job_id").GetString()!;

        // The replay's parts were stored under a job id of their own while read, then removed; no job has that id.
        var otherIds = recorder!.Saved.Select(s => s.Name.Split('/')[0]).Where(id => id != jobId).Distinct().ToList();
        var scratch = Assert.Single(otherIds);
        Assert.Null(await host.Client.GetInstanceAsync(scratch));
        await host.WaitForJobAsync(jobId);
        Assert.All(await host.ListAsync(host.Options.Storage.UploadsContainer), name => Assert.StartsWith(jobId + "/", name, StringComparison.Ordinal));
        Assert.Equal(2, (await host.ListAsync(host.Options.Storage.ProcessedContainer)).Count);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task SameKeyDifferentRequest_Returns422AndKeepsNothing(string stateStore)
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(stateStore, s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));
        var key = Guid.NewGuid().ToString();
        var jobId = (await SubmitAsync(host, key, Request())).Json.GetProperty("job_id").GetString()!;

        var otherBytes = await SubmitAsync(host, key, Request(seed: 2));
        var otherFilter = await SubmitAsync(host, key, Request(), "?filter=invert");
        var otherName = await SubmitAsync(host, key, new MultipartRequest().File("a.png", TestImages.Png(seed: 1)).File("c.png", TestImages.Png(seed: 7)));

        foreach (var response in new[] { otherBytes, otherFilter, otherName })
        {
            var problem = response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
            Assert.Equal("Idempotency-Key reused", problem.GetProperty("title").GetString());
            Assert.Contains("different request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.DoesNotContain(jobId, response.Text, StringComparison.Ordinal);
        }

        await host.WaitForJobAsync(jobId);
        Assert.All(await host.ListAsync(host.Options.Storage.UploadsContainer), name => Assert.StartsWith(jobId + "/", name, StringComparison.Ordinal));
        foreach (var id in recorder!.Saved.Select(s => s.Name.Split('/')[0]).Where(id => id != jobId).Distinct())
        {
            Assert.Null(await host.Client.GetInstanceAsync(id));
        }

        // The first request still replays.
        Assert.Equal("true", (await SubmitAsync(host, key, Request())).Header(SubmitJobFunction.ReplayedHeader));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ConcurrentSameKey_OneJobTheOthers409(string stateStore)
    {
        // Every upload save takes 2 s: the first request holds the key while the others arrive.
        var uploads = $"uploads-idem-{Guid.NewGuid():N}"[..30];
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(stateStore, s => s.DecorateImageStore(inner =>
                recorder = new RecordingImageStore(new SlowSaveStore(inner, uploads, TimeSpan.FromSeconds(2)))),
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads });
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitAsync(host, key, Request())));

        var accepted = Assert.Single(responses, r => r.Status == StatusCodes.Status202Accepted);
        foreach (var conflict in responses.Where(r => r != accepted))
        {
            var problem = conflict.AssertProblem(StatusCodes.Status409Conflict);
            Assert.Equal("Request in progress", problem.GetProperty("title").GetString());
        }

        var jobId = accepted.Json.GetProperty("job_id").GetString()!;
        Assert.All(recorder!.Saved, s => Assert.StartsWith(jobId + "/", s.Name, StringComparison.Ordinal));
        var replay = await SubmitAsync(host, key, Request());
        Assert.Equal(jobId, replay.Json.GetProperty("job_id").GetString());
        await host.WaitForJobAsync(jobId);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FailedFirstAttempt_ReleasesTheKey(string stateStore)
    {
        await using var host = await StartAsync(stateStore);
        var key = Guid.NewGuid().ToString();

        var failed = await SubmitAsync(host, key, new MultipartRequest().File("a.png", TestImages.Png(seed: 1)).File("empty.png", []));
        failed.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        var noFiles = await SubmitAsync(host, key, new MultipartRequest().Field("filter", "blur"));
        noFiles.AssertProblem(StatusCodes.Status400BadRequest);
        var retry = await SubmitAsync(host, key, Request());

        Assert.Equal(StatusCodes.Status202Accepted, retry.Status);
        Assert.Equal("", retry.Header(SubmitJobFunction.ReplayedHeader));
        await host.WaitForJobAsync(retry.Json.GetProperty("job_id").GetString()!);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task DeletedJob_ForgetsItsKey(string stateStore)
    {
        await using var host = await StartAsync(stateStore);
        var key = Guid.NewGuid().ToString();
        var first = (await SubmitAsync(host, key, Request())).Json.GetProperty("job_id").GetString()!;
        await host.WaitForJobAsync(first);
        Assert.Equal(StatusCodes.Status204NoContent, (await host.Api.DeleteAsync(first)).Status);

        var again = await SubmitAsync(host, key, Request());

        Assert.Equal(StatusCodes.Status202Accepted, again.Status);
        Assert.NotEqual(first, again.Json.GetProperty("job_id").GetString());
        Assert.Equal("", again.Header(SubmitJobFunction.ReplayedHeader));
        await host.WaitForJobAsync(again.Json.GetProperty("job_id").GetString()!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("\"\"")]
    public async Task MalformedKey_Returns400AndKeepsNothing(string key)
    {
        await using var host = await StartAsync("memory");

        var problem = (await SubmitAsync(host, key, Request())).AssertProblem(StatusCodes.Status400BadRequest);

        Assert.Equal("Invalid Idempotency-Key", problem.GetProperty("title").GetString());
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task TooLongKey_Returns400()
    {
        await using var host = await StartAsync("memory");

        var problem = (await SubmitAsync(host, new string('k', IdempotencyKey.MaxLength + 1), Request())).AssertProblem(StatusCodes.Status400BadRequest);

        Assert.Contains("255", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static MultipartRequest Request(int seed = 1) =>
        new MultipartRequest().File("a.png", TestImages.Png(seed: seed)).File("b.png", TestImages.Png(seed: 7));

    private Task<AppHost> StartAsync(
        string stateStore, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null, Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        if (stateStore == "memory")
        {
            settings["ImageFunctions:Redis:ConnectionString"] = "";
        }

        return AppHost.StartAsync(azurite, redis, settings, configureServices);
    }

    private static Task<ApiResponse> SubmitAsync(AppHost host, string? key, MultipartRequest body, string query = "?filter=blur")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/process-job" + query) { Content = body.Content };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(IdempotencyKey.HeaderName, key);
        }

        return host.Api.SendAsync(request);
    }

    /// <summary>Every save to <paramref name="slowContainer"/> waits <paramref name="delay"/> first.</summary>
    private sealed class SlowSaveStore(IImageStore inner, string slowContainer, TimeSpan delay) : DelegatingImageStore(inner)
    {
        public override async Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
        {
            if (container == slowContainer)
            {
                await Task.Delay(delay, cancellationToken);
            }

            await base.SaveAsync(container, name, content, contentType, cancellationToken);
        }
    }
}
