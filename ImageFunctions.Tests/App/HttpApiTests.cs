using System.Text;
using System.Text.RegularExpressions;
using ImageFunctions.Imaging;
using ImageFunctions.Tests.App.Support;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using static ImageFunctions.Tests.App.ApiCalls;

namespace ImageFunctions.Tests.App;

/// <summary><c>POST /process-job</c>, <c>GET /status-job</c>, <c>GET /filters</c> and <c>GET /health</c> on real Azurite, Redis and Durable.</summary>
[Collection(ServicesCollection.Name)]
public sealed partial class HttpApiTests(AzuriteFixture azurite, RedisFixture redis)
{
    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex HexId();

    private Task<AppTestHost> StartAsync(IDictionary<string, string?>? settings = null, Func<Storage.IImageStore, Storage.IImageStore>? decorateStore = null) =>
        AppTestHost.StartAsync(azurite, redis, settings, decorateStore);

    // ---- POST /process-job ----

    [Fact]
    public async Task SubmitJob_StorageFailsWhileSaving_Returns503Problem()
    {
        await using var host = await StartAsync(decorateStore: inner => new FailingSaveImageStore(inner));

        var response = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png()));

        var problem = response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.Contains("a.png", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task SubmitJob_DurableBackendUnreachable_Returns503AndKeepsNoUploads()
    {
        await using var host = await StartAsync();
        var unreachable = new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClient(
            "unreachable",
            new Microsoft.DurableTask.Client.Grpc.GrpcDurableTaskClientOptions { Address = $"http://127.0.0.1:{Infrastructure.FreePort.Next()}" },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var context = await new MultipartRequest().File("a.png", TestImages.Png()).ToHttpContextAsync("?filter=blur", host.Services);

        var result = await host.Get<Api.SubmitJobFunction>().SubmitJob(context.Request, unreachable, CancellationToken.None);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    private sealed class FailingSaveImageStore(Storage.IImageStore inner) : DelegatingImageStore(inner)
    {
        public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
            throw new IOException("No space left on device.");
    }

    [Fact]
    public async Task SubmitJob_TwoImages_Returns202WithLocationAndSnakeCaseBody()
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png()).File("b.jpg", TestImages.Jpeg()));

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

        var jobId = await RunJobAsync(host, new MultipartRequest().Field("filter", "grayscale").File("a.png", TestImages.Png()), query: "");

        var status = await StatusAsync(host, jobId);
        Assert.Equal("grayscale", status.Json.GetProperty("filter").GetString());
        Assert.Equal("completed", status.Json.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("?filter=Grayscale,%20Edges", "grayscale,edges")]
    [InlineData("?filter=gaussian_blur(1.5)", "gaussian_blur:1.5")]
    public async Task SubmitJob_FilterChain_IsAcceptedAndStoredCanonical(string query, string canonical)
    {
        await using var host = await StartAsync();

        var jobId = await RunJobAsync(host, new MultipartRequest().File("a.png", TestImages.Png()), query);

        var status = (await StatusAsync(host, jobId)).Json;
        Assert.Equal(canonical, status.GetProperty("filter").GetString());
        Assert.Equal("completed", status.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SubmitJob_NoFiles_Returns400()
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().Field("note", "nothing attached"));

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_UnknownFilter_Returns400ListingValidFilters()
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png()), "?filter=posterize");

        var problem = response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Contains("posterize", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var valid = problem.GetProperty("valid_filters").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(FilterCatalog.Names, valid);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_UnknownFilterInFormField_Returns400AndLeavesNoUploads()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(decorateStore: inner => recorder = new RecordingImageStore(inner));

        var response = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png()).Field("filter", "posterize"), query: "");

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.NotEmpty(recorder!.Saved);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_NotMultipart_Returns415()
    {
        await using var host = await StartAsync();
        var context = HttpContexts.Create(host.Services, HttpMethods.Post, "/process-job", "?filter=blur");
        var body = Encoding.UTF8.GetBytes("{\"files\":[]}");
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;

        var response = await SubmitAsync(host, context);

        response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    [Fact]
    public async Task SubmitJob_EmptyFile_Returns422AndLeavesNoUploads()
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().File("good.png", TestImages.Png()).File("empty.png", []));

        response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task SubmitJob_MultipartWithoutBoundary_Returns400(string contentType)
    {
        await using var host = await StartAsync();
        var context = await new MultipartRequest().File("a.png", TestImages.Png()).ToHttpContextAsync("?filter=blur", host.Services);
        context.Request.ContentType = contentType;

        var response = await SubmitAsync(host, context);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_BodyCutOffInsideAPart_Returns400AndLeavesNoUploads()
    {
        await using var host = await StartAsync();
        var context = await new MultipartRequest().File("a.png", TestImages.Png(seed: 1)).File("b.png", TestImages.Png(seed: 2))
            .ToHttpContextAsync("?filter=blur", host.Services);
        var whole = ((MemoryStream)context.Request.Body).ToArray();
        context.Request.Body = new MemoryStream(whole[..(whole.Length - 200)]);
        context.Request.ContentLength = whole.Length - 200;

        var response = await SubmitAsync(host, context);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_TextFileNamedJpg_Returns415AndLeavesNothingScheduledOrStored()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await StartAsync(decorateStore: inner => recorder = new RecordingImageStore(inner));
        var request = new MultipartRequest()
            .File("good.png", TestImages.Png(), contentType: "image/png")
            .File("cat.jpg", Encoding.UTF8.GetBytes("this is not a picture of a cat, just text"), contentType: "image/jpeg");

        var response = await SubmitAsync(host, request);

        var problem = response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
        Assert.Contains("cat.jpg", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var (_, savedName) = Assert.Single(recorder!.Saved);
        var jobId = savedName.Split('/')[0];
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
        Assert.Null(await host.Client.GetInstanceAsync(jobId));
        (await StatusAsync(host, jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task SubmitJob_FileOverMaxFileBytes_Returns413AndLeavesNoUploads()
    {
        const int limit = 300;
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFileBytes"] = "300" });
        var small = TestImages.Png(4, 4);
        var large = TestImages.Png(64, 64, seed: 5);
        Assert.True(small.Length <= limit && large.Length > limit, $"test images: {small.Length} and {large.Length} bytes");

        var response = await SubmitAsync(host, new MultipartRequest().File("small.png", small).File("large.png", large));

        var problem = response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Contains("large.png", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_MoreFilesThanMaxFiles_Returns400AndLeavesNoUploads()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFiles"] = "2" });
        var request = new MultipartRequest()
            .File("1.png", TestImages.Png(seed: 1)).File("2.png", TestImages.Png(seed: 2)).File("3.png", TestImages.Png(seed: 3));

        var response = await SubmitAsync(host, request);

        response.AssertProblem(StatusCodes.Status400BadRequest);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_MaxFilesExactly_Returns202()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxFiles"] = "2" });

        var jobId = await RunJobAsync(host, new MultipartRequest().File("1.png", TestImages.Png(seed: 1)).File("2.png", TestImages.Png(seed: 2)));

        Assert.Equal(2, (await StatusAsync(host, jobId)).Json.GetProperty("progress").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task SubmitJob_PngHeaderClaimingHugeDimensions_Returns413()
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().File("bomb.png", TestImages.PngHeaderOnly(100_000, 100_000)));

        response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Empty(await ListAsync(host, host.Options.Storage.UploadsContainer));
    }

    [Theory]
    [InlineData("?filter=blur&format=tiff")]
    [InlineData("?filter=blur&quality=0")]
    [InlineData("?filter=blur&quality=101")]
    [InlineData("?filter=blur&format=jpeg&quality=high")]
    public async Task SubmitJob_BadOutputOptions_Returns400(string query)
    {
        await using var host = await StartAsync();

        var response = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png()), query);

        response.AssertProblem(StatusCodes.Status400BadRequest);
    }

    [Fact]
    public async Task SubmitJob_TwoUploadsWithTheSameName_GetDistinctOutputNames()
    {
        await using var host = await StartAsync();
        var request = new MultipartRequest().File("cat.png", TestImages.Png(seed: 1)).File("cat.png", TestImages.Png(seed: 2));

        var jobId = await RunJobAsync(host, request);

        Assert.Equal(["cat.png", "cat_2.png"], await OutputNamesAsync(host, jobId));
        foreach (var name in new[] { "cat.png", "cat_2.png" })
        {
            Assert.Equal(StatusCodes.Status200OK, (await ImageAsync(host, jobId, name)).Status);
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

        var jobId = await RunJobAsync(host, new MultipartRequest().File(uploadName, TestImages.Png(seed: 7)));

        var name = Assert.Single(await OutputNamesAsync(host, jobId));
        Assert.Equal(expected, name);

        var image = await ImageAsync(host, jobId, name);
        Assert.True(image.Status == StatusCodes.Status200OK, $"GET /images/{jobId}/{name} answered {image.Status}");
        Assert.Equal([name], ZipEntries((await DownloadAsync(host, jobId)).Body).Keys);
    }

    [Fact]
    public async Task SubmitJob_FormatJpeg_GivesJpgNamesAndJpegImages()
    {
        await using var host = await StartAsync();

        var jobId = await RunJobAsync(host, new MultipartRequest().File("cat.png", TestImages.Png()), "?filter=sharpen&format=jpeg&quality=80");

        Assert.Equal(["cat.jpg"], await OutputNamesAsync(host, jobId));
        var image = await ImageAsync(host, jobId, "cat.jpg");
        Assert.Equal(StatusCodes.Status200OK, image.Status);
        Assert.Equal("image/jpeg", image.ContentType);
        Assert.Equal([0xFF, 0xD8, 0xFF], image.Body[..3]);
    }

    // ---- GET /status-job/{id} ----

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-job")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("..")]
    public async Task GetJobStatus_UnknownJob_Returns404(string jobId)
    {
        await using var host = await StartAsync();

        var response = await StatusAsync(host, jobId);

        response.AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task GetJobStatus_CompletedJob_ReportsEveryImageSuccessful()
    {
        await using var host = await StartAsync();
        var submitted = await SubmitAsync(host, new MultipartRequest().File("a.png", TestImages.Png(seed: 3)).File("b.jpg", TestImages.Jpeg(seed: 4)));
        var jobId = submitted.Json.GetProperty("job_id").GetString()!;
        var taskIds = submitted.Json.GetProperty("task_ids").EnumerateArray().Select(t => t.GetString()).ToList();
        await host.WaitForJobAsync(jobId);

        var response = await StatusAsync(host, jobId);

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
        var jobId = await RunJobAsync(host, request);

        var json = (await StatusAsync(host, jobId)).Json;

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
        var jobId = await SubmitJobAsync(host, new MultipartRequest().File("a.png", TestImages.Png()));

        var json = (await StatusAsync(host, jobId)).Json;

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

        var response = await FiltersAsync(host);

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

        var response = await HealthAsync(host);

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

    private static void AssertProgress(System.Text.Json.JsonElement status, int total, int succeeded, int failed)
    {
        var progress = status.GetProperty("progress");
        Assert.Equal(total, progress.GetProperty("total").GetInt32());
        Assert.Equal(succeeded, progress.GetProperty("succeeded").GetInt32());
        Assert.Equal(failed, progress.GetProperty("failed").GetInt32());
        Assert.Equal(total - succeeded - failed, progress.GetProperty("pending").GetInt32());
    }
}
