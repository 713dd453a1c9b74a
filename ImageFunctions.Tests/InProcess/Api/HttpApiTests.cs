using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using System.Text.RegularExpressions;
using ImageFunctions.Imaging;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary><c>POST /process-job</c>, <c>GET /status-job</c>, <c>GET /filters</c> and <c>GET /health</c> on real Azurite, Redis and Durable.</summary>
[Collection(ServicesCollection.Name)]
public sealed partial class HttpApiTests(AzuriteFixture azurite, RedisFixture redis)
{
    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    private Task<AppHost> StartAsync(IDictionary<string, string?>? settings = null, Func<Storage.IImageStore, Storage.IImageStore>? decorateStore = null) =>
        AppHost.StartAsync(azurite, redis, settings, decorateStore is null ? null : services => services.DecorateImageStore(decorateStore));

    private static HttpRequestMessage Post(HttpContent content, string query = "?filter=blur") =>
        new(HttpMethod.Post, "/process-job" + query) { Content = content };

    private static async Task<ByteArrayContent> RawAsync(MultipartRequest request, string? contentType = null, int cutOff = 0)
    {
        var body = await request.Content.ReadAsByteArrayAsync();
        var raw = new ByteArrayContent(body[..(body.Length - cutOff)]);
        raw.Headers.TryAddWithoutValidation("Content-Type", contentType ?? request.Content.Headers.ContentType!.ToString());
        return raw;
    }

    // ---- Outside the functions: the host's own answers are problem+json too ----

    [Fact]
    public async Task UnknownRoute_Returns404Problem()
    {
        await using var host = await StartAsync();

        (await host.Api.GetAsync("/no-such-endpoint")).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task ProcessJob_WrongMethod_Returns405Problem()
    {
        await using var host = await StartAsync();

        (await host.Api.GetAsync("/process-job")).AssertProblem(StatusCodes.Status405MethodNotAllowed);
    }

    [Fact]
    public async Task GetImage_StoreThrowsUnexpectedly_Returns500ProblemWithoutTheExceptionText()
    {
        await using var host = await StartAsync(decorateStore: inner => new BrokenReadImageStore(inner));

        var response = await host.Api.ImageAsync(Jobs.JobIds.New(), "a.png");

        response.AssertProblem(StatusCodes.Status500InternalServerError);
        Assert.DoesNotContain("disk on fire", response.Text, StringComparison.Ordinal);
    }

    private sealed class BrokenReadImageStore(Storage.IImageStore inner) : DelegatingImageStore(inner)
    {
        public override Task<Storage.StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("disk on fire");
    }

    // ---- POST /process-job ----

    [Fact]
    public async Task SubmitJob_StorageFailsWhileSaving_Returns503Problem()
    {
        await using var host = await StartAsync(decorateStore: inner => new FailingSaveImageStore(inner));

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()));

        var problem = response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.Contains("a.png", problem.GetProperty("detail").GetString());
        Assert.Equal("5", response.Header("Retry-After"));
    }

    [Fact]
    public async Task SubmitJob_DurableBackendUnreachable_Returns503AndKeepsNoUploads()
    {
        var unreachable = new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClient(
            "unreachable",
            new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClientOptions { Address = $"http://127.0.0.1:{FreePort.Next()}" },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        await using var host = await AppHost.StartAsync(azurite, redis, configureServices: services => services.AddSingleton<DurableTaskClient>(unreachable));

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()));

        response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    private sealed class FailingSaveImageStore(Storage.IImageStore inner) : DelegatingImageStore(inner)
    {
        public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
            throw new Storage.StorageUnavailableException("No space left on device.", new IOException("No space left on device."));
    }

    [Fact]
    public async Task SubmitJob_TwoImages_Returns202WithLocationAndSnakeCaseBody()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()).File("b.jpg", TestImages.Jpeg()));

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var body = response.Json;
        var jobId = body.GetProperty("job_id").GetString()!;
        Assert.Matches(HexId(), jobId);
        Assert.Equal($"/status-job/{jobId}", response.Header("Location"));
        Assert.Equal($"/status-job/{jobId}", body.GetProperty("status_url").GetString());
        Assert.Equal($"/download/{jobId}", body.GetProperty("download_url").GetString());
        var taskIds = body.GetProperty("task_ids").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(2, taskIds.Count);
        Assert.All(taskIds, id => Assert.Matches(HexId(), id));
        Assert.Equal(2, taskIds.Distinct().Count());
        Assert.NotNull(await host.Client.GetInstanceAsync(jobId));
        await host.WaitForJobAsync(jobId);
    }

    [Fact]
    public async Task SubmitJob_FilterAsFormField_IsAcceptedAndUsed()
    {
        await using var host = await StartAsync();

        var jobId = await host.RunJobAsync(new MultipartRequest().Field("filter", "grayscale").File("a.png", TestImages.Png()), query: "");

        var status = await host.Api.StatusAsync(jobId);
        Assert.Equal("grayscale", status.Json.GetProperty("filter").GetString());
        Assert.Equal("completed", status.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("?filter=Grayscale,%20Edges", "grayscale,edges")]
    [InlineData("?filter=gaussian_blur(1.5)", "gaussian_blur:1.5")]
    public async Task SubmitJob_FilterChain_IsAcceptedAndStoredCanonical(string query, string canonical)
    {
        await using var host = await StartAsync();

        var jobId = await host.RunJobAsync(new MultipartRequest().File("a.png", TestImages.Png()), query);

        var status = (await host.Api.StatusAsync(jobId)).Json;
        Assert.Equal(canonical, status.GetProperty("filter").GetString());
        Assert.Equal("completed", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubmitJob_NoFiles_Returns400()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().Field("note", "nothing attached"));

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_UnknownFilter_Returns400ListingValidFilters()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()), "?filter=no_such_filter");

        var problem = response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Contains("no_such_filter", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var valid = problem.GetProperty("valid_filters").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(FilterCatalog.Names, valid);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_UnknownFilterInFormField_Returns400AndLeavesNoUploads()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(decorateStore: inner => recorder = new RecordingImageStore(inner));

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()).Field("filter", "no_such_filter"), query: "");

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.NotEmpty(recorder!.Saved);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_NotMultipart_Returns415()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SendAsync(Post(new StringContent("{\"files\":[]}", Encoding.UTF8, "application/json")));

        response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    [Fact]
    public async Task SubmitJob_EmptyFile_Returns422AndLeavesNoUploads()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("good.png", TestImages.Png()).File("empty.png", []));

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task SubmitJob_MultipartWithoutBoundary_Returns400(string contentType)
    {
        await using var host = await StartAsync();

        var response = await host.Api.SendAsync(Post(await RawAsync(new MultipartRequest().File("a.png", TestImages.Png()), contentType)));

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_BodyCutOffInsideAPart_Returns400AndLeavesNoUploads()
    {
        await using var host = await StartAsync();
        var request = new MultipartRequest().File("a.png", TestImages.Png(seed: 1)).File("b.png", TestImages.Png(seed: 2));

        var response = await host.Api.SendAsync(Post(await RawAsync(request, cutOff: 200)));

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_TextFileNamedJpg_Returns415AndLeavesNothingScheduledOrStored()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(decorateStore: inner => recorder = new RecordingImageStore(inner));
        var request = new MultipartRequest()
            .File("good.png", TestImages.Png(), contentType: "image/png")
            .File("cat.jpg", Encoding.UTF8.GetBytes("this is not a picture of a cat, just text"), contentType: "image/jpeg");

        var response = await host.Api.SubmitAsync(request);

        var problem = response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
        Assert.Contains("cat.jpg", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (_, savedName) = Assert.Single(recorder!.Saved);
        var jobId = savedName.Split('/')[0];
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
        Assert.Null(await host.Client.GetInstanceAsync(jobId));
        (await host.Api.StatusAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task SubmitJob_FileOverMaxFileBytes_Returns413AndLeavesNoUploads()
    {
        const int limit = 300;
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFileBytes"] = "300" });
        var small = TestImages.Png(4, 4);
        var large = TestImages.Png(64, 64, seed: 5);
        Assert.True(small.Length <= limit && large.Length > limit, $"test images: {small.Length} and {large.Length} bytes");

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("small.png", small).File("large.png", large));

        var problem = response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Contains("large.png", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_MoreFilesThanMaxFiles_Returns400AndLeavesNoUploads()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFiles"] = "2" });
        var request = new MultipartRequest()
            .File("1.png", TestImages.Png(seed: 1)).File("2.png", TestImages.Png(seed: 2)).File("3.png", TestImages.Png(seed: 3));

        var response = await host.Api.SubmitAsync(request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_MaxFilesExactly_Returns202()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFiles"] = "2" });

        var jobId = await host.RunJobAsync(new MultipartRequest().File("1.png", TestImages.Png(seed: 1)).File("2.png", TestImages.Png(seed: 2)));

        Assert.Equal(2, (await host.Api.StatusAsync(jobId)).Json.GetProperty("progress").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task SubmitJob_PngHeaderClaimingHugeDimensions_Returns413()
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("bomb.png", TestImages.PngHeaderOnly(100_000, 100_000)));

        response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Theory]
    [InlineData("?filter=blur&format=tiff")]
    [InlineData("?filter=blur&quality=0")]
    [InlineData("?filter=blur&quality=101")]
    [InlineData("?filter=blur&format=jpeg&quality=high")]
    public async Task SubmitJob_BadOutputOptions_Returns400(string query)
    {
        await using var host = await StartAsync();

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png()), query);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_TwoUploadsWithTheSameName_GetDistinctOutputNames()
    {
        await using var host = await StartAsync();
        var request = new MultipartRequest().File("cat.png", TestImages.Png(seed: 1)).File("cat.png", TestImages.Png(seed: 2));

        var jobId = await host.RunJobAsync(request);

        Assert.Equal(["cat.png", "cat_2.png"], await host.Api.OutputNamesAsync(jobId));
        foreach (var name in new[] { "cat.png", "cat_2.png" })
        {
            Assert.Equal(StatusCodes.Status200OK, (await host.Api.ImageAsync(jobId, name)).Status);
        }
    }

    [Theory]
    [InlineData("my cat.PNG", "my cat.png")]
    [InlineData("../../etc/evil.png", "evil.png")]
    [InlineData("C:\\photos\\cat.png", "cat.png")]
    [InlineData("100% cat #1?.png", "100% cat #1?.png")]
    [InlineData("my..cat.png", "my.cat.png")]
    [InlineData("12:30 lunch.png", "12_30 lunch.png")]
    [InlineData("..png", "image.png")]
    [InlineData("a..png", "a.png")]
    public async Task SubmitJob_AnyUploadName_GivesAnOutputNameThatGetImageServes(string uploadName, string expected)
    {
        await using var host = await StartAsync();

        var jobId = await host.RunJobAsync(new MultipartRequest().File(uploadName, TestImages.Png(seed: 7)));

        var name = Assert.Single(await host.Api.OutputNamesAsync(jobId));
        Assert.Equal(expected, name);

        var image = await host.Api.ImageAsync(jobId, name);
        Assert.True(image.Status == StatusCodes.Status200OK, $"GET /images/{jobId}/{name} answered {image.Status}");
        Assert.Equal([name], JobApi.ZipEntries((await host.Api.DownloadAsync(jobId)).Body).Keys);
    }

    [Fact]
    public async Task SubmitJob_FormatJpeg_GivesJpgNamesAndJpegImages()
    {
        await using var host = await StartAsync();

        var jobId = await host.RunJobAsync(new MultipartRequest().File("cat.png", TestImages.Png()), "?filter=sharpen&format=jpeg&quality=80");

        Assert.Equal(["cat.jpg"], await host.Api.OutputNamesAsync(jobId));
        var image = await host.Api.ImageAsync(jobId, "cat.jpg");
        Assert.Equal(StatusCodes.Status200OK, image.Status);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal([0xFF, 0xD8, 0xFF], image.Body[..3]);
    }

    // ---- GET /status-job/{id} ----

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-job")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("...")] // ("..": the client removes the dot segment and asks for "/", the web page)
    public async Task GetJobStatus_UnknownJob_Returns404(string jobId)
    {
        await using var host = await StartAsync();

        var response = await host.Api.StatusAsync(jobId);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GetJobStatus_CompletedJob_ReportsEveryImageSuccessful()
    {
        await using var host = await StartAsync();
        var submitted = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png(seed: 3)).File("b.jpg", TestImages.Jpeg(seed: 4)));
        var jobId = submitted.Json.GetProperty("job_id").GetString()!;
        var taskIds = submitted.Json.GetProperty("task_ids").EnumerateArray().Select(t => t.GetString()).ToList();
        await host.WaitForJobAsync(jobId);

        var response = await host.Api.StatusAsync(jobId);

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var json = response.Json;
        Assert.Equal(jobId, json.GetProperty("job_id").GetString());
        Assert.Equal("completed", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("all_ready").GetBoolean());
        Assert.True(json.GetProperty("all_successful").GetBoolean());
        AssertProgress(json, total: 2, succeeded: 2, failed: 0);
        Assert.Equal("blur", json.GetProperty("filter").GetString());
        Assert.Equal($"/download/{jobId}", json.GetProperty("download_url").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, json.GetProperty("completed_at").ValueKind);
        var results = json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(taskIds, results.Select(r => r.GetProperty("task_id").GetString()));
        Assert.Equal(["a.png", "b.jpg"], results.Select(r => r.GetProperty("file_name").GetString()));
        Assert.All(results, r =>
        {
            Assert.Equal("SUCCESS", r.GetProperty("status").GetString());
            Assert.True(r.GetProperty("ready").GetBoolean());
            Assert.True(r.GetProperty("successful").GetBoolean());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("error").ValueKind);
        });
        Assert.Equal([$"/images/{jobId}/a.png", $"/images/{jobId}/b.jpg"], results.Select(r => r.GetProperty("image_url").GetString()));
    }

    [Fact]
    public async Task GetJobStatus_OneCorruptImage_CompletedWithErrors()
    {
        await using var host = await StartAsync();
        var request = new MultipartRequest()
            .File("good1.png", TestImages.Png(seed: 5)).File("broken.png", TestImages.TruncatedPng()).File("good2.png", TestImages.Png(seed: 6));
        var jobId = await host.RunJobAsync(request);

        var json = (await host.Api.StatusAsync(jobId)).Json;

        Assert.Equal("completed_with_errors", json.GetProperty("status").GetString());
        Assert.True(json.GetProperty("all_ready").GetBoolean());
        Assert.False(json.GetProperty("all_successful").GetBoolean());
        AssertProgress(json, total: 3, succeeded: 2, failed: 1);
        var failed = Assert.Single(json.GetProperty("results").EnumerateArray(), r => r.GetProperty("status").GetString() == "FAILURE");
        Assert.Equal("broken.png", failed.GetProperty("file_name").GetString());
        Assert.True(failed.GetProperty("ready").GetBoolean());
        Assert.False(failed.GetProperty("successful").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, failed.GetProperty("image_url").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(failed.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task GetJobStatus_WhileRunning_ReportsNotReady()
    {
        var uploads = $"uploads-slow-{Guid.NewGuid():N}"[..30];
        await using var host = await StartAsync(
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            inner => new SlowImageStore(inner, uploads, TimeSpan.FromMilliseconds(3000)));
        var jobId = await host.Api.SubmitJobAsync(new MultipartRequest().File("a.png", TestImages.Png()));

        var json = (await host.Api.StatusAsync(jobId)).Json;

        Assert.Contains(json.GetProperty("status").GetString(), new[] { "pending", "running" });
        Assert.False(json.GetProperty("all_ready").GetBoolean());
        Assert.False(json.GetProperty("all_successful").GetBoolean());
        Assert.Equal(1, json.GetProperty("progress").GetProperty("pending").GetInt32());
        await host.WaitForJobAsync(jobId);
    }

    // ---- GET /filters, GET /health ----

    [Fact]
    public async Task ListFilters_ListsPillowFiltersAndTheRest()
    {
        await using var host = await StartAsync();

        var response = await host.Api.FiltersAsync();

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        var names = response.Json.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Subset(names.ToHashSet(), new HashSet<string> { "blur", "sharpen", "edges", "smooth", "grayscale", "gaussian_blur" });
        Assert.Equal(FilterCatalog.Names, names);
        Assert.All(response.Json.EnumerateArray(), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("description").GetString())));
    }

    [Fact]
    public async Task Health_AllDependenciesUp_Returns200Healthy()
    {
        await using var host = await StartAsync();

        var response = await host.Api.HealthAsync();

        Assert.Equal(StatusCodes.Status200OK, response.Status);
        var json = response.Json;
        Assert.Equal("healthy", json.GetProperty("status").GetString());
        foreach (var check in new[] { "storage", "redis", "durable" })
        {
            Assert.Equal("healthy", json.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Equal("blob", json.GetProperty("checks").GetProperty("storage").GetProperty("backend").GetString());
        Assert.Equal("redis", json.GetProperty("checks").GetProperty("redis").GetProperty("backend").GetString());
    }

    [Fact]
    public async Task Health_RedisDown_Returns503WithoutTheFailuresDetails()
    {
        // A closed port and a client name: StackExchange.Redis puts both, and its thread-pool counters, in its messages.
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Redis:ConnectionString"] = $"127.0.0.1:{FreePort.Next()},name=health-secret-client,connectTimeout=500",
        });

        var response = await host.Api.HealthAsync();

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, response.Status);
        var redisCheck = response.Json.GetProperty("checks").GetProperty("redis");
        Assert.Equal("unhealthy", redisCheck.GetProperty("status").GetString());
        Assert.Equal(["status", "backend"], redisCheck.EnumerateObject().Select(p => p.Name));
        Assert.DoesNotContain("health-secret-client", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", response.Text, StringComparison.Ordinal);
    }

    private static void AssertProgress(System.Text.Json.JsonElement status, int total, int succeeded, int failed)
    {
        var progress = status.GetProperty("progress");
        Assert.Equal(total, progress.GetProperty("total").GetInt32());
        Assert.Equal(succeeded, progress.GetProperty("succeeded").GetInt32());
        Assert.Equal(failed, progress.GetProperty("failed").GetInt32());
        Assert.Equal(total - succeeded - failed, progress.GetProperty("pending").GetInt32());
    }
}
