using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.Status;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using ImageFunctions.Telemetry;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>The real ProcessJob orchestrator and ProcessImage activity on the in-process Durable engine, real Azurite and Redis.</summary>
[Collection(ServicesCollection.Name)]
public sealed class ProcessJobOrchestrationTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task ProcessJob_ManyImages_AllSucceedWithTheEngineOutput()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var images = Enumerable.Range(1, 12).Select(i => ($"photo{i}.png", TestImages.Png(40 + i, 30, seed: i))).ToArray();

        var spec = await JobFactory.StartAsync(host, "grayscale,edges", images);
        var instance = await host.WaitForJobAsync(spec.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var result = instance.ReadOutputAs<JobResult>()!;
        Assert.Equal(spec.Images.Select(i => i.TaskId), result.Images.Select(o => o.TaskId));
        Assert.All(result.Images, o => Assert.True(o.Succeeded, o.Error));
        for (var i = 0; i < images.Length; i++)
        {
            var expected = TestImages.EngineOutput(images[i].Item2, "grayscale,edges", new OutputOptions(OutputFormat.Png));
            Assert.Equal(expected, await JobFactory.ReadProcessedAsync(host, spec.JobId, spec.Images[i].OutputName));
        }

        var progress = instance.ReadCustomStatusAs<JobProgress>()!;
        Assert.Equal((12, 12, 0), (progress.Total, progress.Succeeded, progress.Failed));
    }

    [Fact]
    public async Task ProcessJob_OneCorruptImage_JobCompletesWithOneFailure()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var spec = await JobFactory.StartAsync(host, "blur",
            ("a.png", TestImages.Png(seed: 1)), ("broken.png", TestImages.TruncatedPng()), ("c.png", TestImages.Png(seed: 3)));
        var instance = await host.WaitForJobAsync(spec.JobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        var outcomes = instance.ReadOutputAs<JobResult>()!.Images;
        Assert.Equal([true, false, true], outcomes.Select(o => o.Succeeded));
        Assert.False(string.IsNullOrWhiteSpace(outcomes[1].Error));
        Assert.Null(await host.Store.OpenReadAsync(host.Options.Storage.ProcessedContainer, JobBlobNames.Processed(spec.JobId, "broken.png"), default));
    }

    [Fact]
    public async Task ProcessJob_TwoImages_RecordsStageDurationsAndOutcomes()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var meters = host.Get<IMeterFactory>();
        var stages = new ConcurrentBag<string>();
        var outcomes = new ConcurrentBag<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ImageMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            Assert.True(value >= 0);
            stages.Add((string)tags[0].Value!);
        });
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (instrument.Name == ImageMetrics.ImagesName)
            {
                outcomes.Add((string)tags[0].Value!);
            }
        });
        listener.Start();

        var spec = await JobFactory.StartAsync(host, "blur", ("a.png", TestImages.Png(seed: 8)), ("broken.png", TestImages.TruncatedPng()));
        await host.WaitForJobAsync(spec.JobId);

        Assert.Equal(["failed", "succeeded"], outcomes.Order(StringComparer.Ordinal));
        Assert.Equal(4, stages.Count(s => s == "progress"));
        Assert.Equal(2, stages.Count(s => s == "load"));
        Assert.Equal(2, stages.Count(s => s == "engine"));
        Assert.Equal(1, stages.Count(s => s == "save"));
        Assert.Equal(1, stages.Count(s => s == "decode"));
        Assert.Equal(1, stages.Count(s => s == "filter"));
        Assert.Equal(1, stages.Count(s => s == "encode"));
    }

    [Fact]
    public async Task ProcessJob_TransientStorageFault_RetryAbsorbsIt()
    {
        // The first two reads of uploads fail as a storage outage would; the retry policy must absorb them.
        FlakyImageStore? flaky = null;
        var uploads = $"uploads-flaky-{Guid.NewGuid():N}"[..30];
        await using var faulty = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            services => services.DecorateImageStore(inner => flaky = new FlakyImageStore(inner, uploads, failures: 2)));

        var spec = await JobFactory.StartAsync(faulty, "sharpen", ("one.png", TestImages.Png(seed: 5)));
        var instance = await faulty.WaitForJobAsync(spec.JobId, TimeSpan.FromSeconds(90));

        Assert.Equal(2, flaky!.FailuresInjected);
        var outcome = Assert.Single(instance.ReadOutputAs<JobResult>()!.Images);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public async Task ProcessJob_SameImageInAnotherJob_IsProcessedAgainByDefault()
    {
        // Reuse across jobs would tell anyone, by how fast their job ends, whether someone else sent that image recently.
        await using var host = await AppHost.StartAsync(azurite, redis);
        var bytes = TestImages.Png(64, 48, seed: 42);

        var (first, firstResult) = await RunJobAsync(host, "smooth", "cat.png", bytes);
        var (second, secondResult) = await RunJobAsync(host, "smooth", "same-cat.png", bytes);

        Assert.False(firstResult.Images[0].FromCache);
        Assert.False(secondResult.Images[0].FromCache);
        Assert.Equal(
            await JobFactory.ReadProcessedAsync(host, first.JobId, "cat.png"),
            await JobFactory.ReadProcessedAsync(host, second.JobId, "same-cat.png"));
    }

    [Fact]
    public async Task ProcessJob_SameImageAgain_ReusesCachedResultWhenSharingIsOn()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?> { ["ImageFunctions:Jobs:ShareResultsAcrossJobs"] = "true" });
        var bytes = TestImages.Png(64, 48, seed: 42);

        var (first, firstResult) = await RunJobAsync(host, "smooth", "cat.png", bytes);
        var (second, secondResult) = await RunJobAsync(host, "smooth", "same-cat.png", bytes);
        var (_, otherResult) = await RunJobAsync(host, "blur", "cat.png", bytes);

        Assert.False(firstResult.Images[0].FromCache);
        Assert.True(secondResult.Images[0].FromCache);
        Assert.False(otherResult.Images[0].FromCache);
        Assert.Equal(
            await JobFactory.ReadProcessedAsync(host, first.JobId, "cat.png"),
            await JobFactory.ReadProcessedAsync(host, second.JobId, "same-cat.png"));
    }

    [Fact]
    public async Task ProcessJob_SameImageTwiceInOneJob_IsProcessedOnce()
    {
        // One activity at a time, so the second copy finds the first one's result.
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"] = "1",
        });
        var bytes = TestImages.Png(64, 48, seed: 43);

        var job = await JobFactory.StartAsync(host, "smooth", ("a.png", bytes), ("b.png", bytes));
        var images = (await host.WaitForJobAsync(job.JobId)).ReadOutputAs<JobResult>()!.Images;

        Assert.All(images, i => Assert.True(i.Succeeded, i.Error));
        Assert.Equal(1, images.Count(i => i.FromCache));
    }

    [Fact]
    public async Task ProcessJob_RedisDownDuringJob_JobCompletesAndStatusAnswers()
    {
        var uploads = $"uploads-slow-{Guid.NewGuid():N}"[..30];
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            services => services.DecorateImageStore(inner => new SlowImageStore(inner, uploads, TimeSpan.FromMilliseconds(400))));
        var images = Enumerable.Range(1, 6).Select(i => ($"img{i}.png", TestImages.Png(seed: 100 + i))).ToArray();

        var spec = await JobFactory.StartAsync(host, "edges", images);
        await Task.Delay(200);
        await redis.StopAsync();
        try
        {
            var instance = await host.WaitForJobAsync(spec.JobId);
            var status = await host.Get<JobStatusReader>().ReadAsync(spec.JobId, host.Client, default);

            Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
            Assert.NotNull(status);
            Assert.Equal(JobStatuses.Completed, status.Status);
            Assert.True(status.AllReady);
            Assert.Equal(6, status.Progress.Succeeded);
            Assert.All(status.Results, r => Assert.Equal(ImageStatuses.Success, r.Status));
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    [Fact]
    public async Task JobStatusReader_RunningJobWithRedis_ShowsLiveProgress()
    {
        var uploads = $"uploads-slow-{Guid.NewGuid():N}"[..30];
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            services => services.DecorateImageStore(inner => new SlowImageStore(inner, uploads, TimeSpan.FromMilliseconds(1500))));
        var spec = await JobFactory.StartAsync(host, "blur", ("slow.png", TestImages.Png(seed: 7)));

        JobStatusResponse? status = null;
        for (var attempt = 0; attempt < 50 && status?.Results[0].Status != ImageStatuses.Started; attempt++)
        {
            await Task.Delay(100);
            status = await host.Get<JobStatusReader>().ReadAsync(spec.JobId, host.Client, default);
        }

        Assert.Equal(ImageStatuses.Started, status!.Results[0].Status);
        Assert.False(status.AllReady);
        Assert.Equal(JobStatuses.Running, status.Status);
        await host.WaitForJobAsync(spec.JobId);
        var done = await host.Get<JobStatusReader>().ReadAsync(spec.JobId, host.Client, default);
        Assert.Equal(JobStatuses.Completed, done!.Status);
        Assert.NotNull(done.CompletedAt);
    }

    [Fact]
    public async Task JobStateStore_RedisDown_ReadsFallBackAndWritesAreDropped()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var state = host.Get<IJobStateStore>();
        Assert.IsType<RedisJobStateStore>(state);
        await redis.StopAsync();
        try
        {
            await state.SetImageStateAsync("job", "task", new ImageState(ImageStatuses.Started), default);
            Assert.Empty(await state.GetImageStatesAsync("job", default));
            Assert.Null(await state.GetCachedResultAsync("key", default));
            await Assert.ThrowsAnyAsync<Exception>(() => state.CheckHealthAsync(default));
        }
        finally
        {
            await redis.StartAsync();
        }
    }

    /// <summary>Runs a one-image job to its end: its spec and its result.</summary>
    private static async Task<(JobSpec Spec, JobResult Result)> RunJobAsync(AppHost host, string filter, string name, byte[] bytes)
    {
        var spec = await JobFactory.StartAsync(host, filter, (name, bytes));
        return (spec, (await host.WaitForJobAsync(spec.JobId)).ReadOutputAs<JobResult>()!);
    }
}
