using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Issue 10, "Metadata amplification", through the app on Azurite and Redis: an upload over the metadata cap is refused
/// with 422 before anything is scheduled, and an upload that reaches processing anyway fails as one image, with the reason.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class MetadataLimitApiTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task SubmitJob_JpegWith380ExifSegments_Returns422AndLeavesNothingScheduledOrStored()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await AppHost.StartAsync(
            azurite, redis, configureServices: s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));
        var request = new MultipartRequest()
            .File("good.png", TestImages.Png())
            .File("exif-flood.jpg", MetadataImages.JpegWith380ExifSegments());

        var response = await host.Api.SubmitAsync(request);

        var problem = response.AssertProblem(StatusCodes.Status422UnprocessableEntity);
        Assert.Equal("Too much image metadata", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("exif-flood.jpg", detail, StringComparison.Ordinal);
        Assert.Contains("metadata", detail, StringComparison.Ordinal);
        var (_, savedName) = Assert.Single(recorder!.Saved); // good.png was stored, then removed
        var jobId = savedName.Split('/')[0];
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
        Assert.Null(await host.Client.GetInstanceAsync(jobId));
    }

    [Fact]
    public async Task Limits_ShowsTheMetadataCaps()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxMetadataSegments"] = "12",
            ["ImageFunctions:Limits:MaxMetadataBytes"] = "34567",
        });

        var json = (await host.Api.GetAsync("/limits")).Json;

        Assert.Equal(12, json.GetProperty("max_metadata_segments").GetInt32());
        Assert.Equal(34567, json.GetProperty("max_metadata_bytes").GetInt64());
    }

    [Fact]
    public async Task ProcessImage_StoredUploadOverTheCap_FailsThatImageWithTheReason()
    {
        // Uploads are checked with the same cap, so such a blob comes from elsewhere (an older build, a lower setting now).
        await using var host = await AppHost.StartAsync(azurite, redis);
        var (jobId, taskId) = (JobIds.New(), JobIds.New());
        var blob = JobBlobNames.Upload(jobId, taskId);
        using (var content = new MemoryStream(MetadataImages.JpegWith255IccSegments()))
        {
            await host.Store.SaveAsync(host.Options.Storage.UploadsContainer, blob, content, "image/jpeg", CancellationToken.None);
        }

        var task = new ImageTask(jobId, taskId, "icc-flood.jpg", blob, "icc-flood.jpg", "blur", "original", 90);
        var outcome = await host.Get<ImageTaskProcessor>().ProcessAsync(task, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Contains("metadata", outcome.Error, StringComparison.Ordinal);
        var state = (await host.Get<IJobStateStore>().GetImageStatesAsync(jobId, CancellationToken.None))[taskId];
        Assert.Equal(ImageStatuses.Failure, state.Status);
        Assert.Empty(await host.ListAsync(host.Options.Storage.ProcessedContainer));
    }
}
