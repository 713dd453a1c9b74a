using ImageFunctions.Api.Submission;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Issue 10, "Job-level limits": the bytes and pixels of all files of one request, added up while the body streams,
/// through the app on Azurite and Redis. Over a total: 413 naming the limit, reading stops, nothing scheduled or kept.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class JobLimitsApiTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task SubmitJob_FilesOverMaxJobBytesTogether_Returns413AndStopsReadingAndKeepsNothing()
    {
        var files = Enumerable.Range(1, 4).Select(i => TestImages.Png(seed: i)).ToArray();
        var limit = files[0].Length + files[1].Length + files[2].Length / 2; // the third file takes the total over
        var recorder = default(RecordingImageStore);
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxJobBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));

        var response = await host.Api.SubmitAsync(Request(files));

        var problem = response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Equal("Job too large", problem.GetProperty("title").GetString());
        Assert.Contains($"MaxJobBytes of {limit} bytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("img-3.png", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingKeptAsync(host, recorder!, storedBeforeRefusal: 2);
    }

    [Fact]
    public async Task SubmitJob_FilesOverMaxJobPixelsTogether_Returns413AndKeepsNothing()
    {
        // 48x32 each: 1536 pixels; the third takes the total to 4608, over 4000.
        var files = Enumerable.Range(1, 4).Select(i => TestImages.Png(48, 32, seed: i)).ToArray();
        var recorder = default(RecordingImageStore);
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Limits:MaxJobPixels"] = "4000" },
            s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));

        var response = await host.Api.SubmitAsync(Request(files));

        var problem = response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Equal("Job has too many pixels", problem.GetProperty("title").GetString());
        Assert.Contains("4608 pixels", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("MaxJobPixels of 4000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertNothingKeptAsync(host, recorder!, storedBeforeRefusal: 2);
    }

    [Fact]
    public async Task SubmitJob_FilesExactlyAtTheJobLimits_IsAccepted()
    {
        var files = Enumerable.Range(1, 2).Select(i => TestImages.Png(48, 32, seed: i)).ToArray();
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxJobBytes"] = (files[0].Length + files[1].Length).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImageFunctions:Limits:MaxJobPixels"] = (2 * 48 * 32).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        await host.RunJobAsync(Request(files));
    }

    [Fact]
    public async Task Limits_ShowsTheJobTotalsAndTheRequestCap()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxJobBytes"] = "5000000",
            ["ImageFunctions:Limits:MaxJobPixels"] = "7000000",
        });

        var json = (await host.Api.GetAsync("/limits")).Json;

        Assert.Equal(5_000_000, json.GetProperty("max_job_bytes").GetInt64());
        Assert.Equal(7_000_000, json.GetProperty("max_job_pixels").GetInt64());
        Assert.Equal(RequestBodyLimit.For(new LimitsOptions { MaxJobBytes = 5_000_000 }), json.GetProperty("max_request_bytes").GetInt64());
    }

    private static MultipartRequest Request(byte[][] files)
    {
        var request = new MultipartRequest();
        for (var i = 0; i < files.Length; i++)
        {
            request.File($"img-{i + 1}.png", files[i]);
        }

        return request;
    }

    /// <summary>The parts before the refused one were stored, then removed; the refused one and those after it never were.</summary>
    private static async Task AssertNothingKeptAsync(AppHost host, RecordingImageStore recorder, int storedBeforeRefusal)
    {
        Assert.Equal(storedBeforeRefusal, recorder.Saved.Count);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
        var jobId = recorder.Saved.First().Name.Split('/')[0];
        Assert.Null(await host.Client.GetInstanceAsync(jobId));
    }
}
