using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Issue 10, "Unfair scheduling and starved APIs", on the real Durable engine, Azurite and Redis: a job keeps only its
/// window of activities (<c>Jobs:MaxActivitiesInFlightPerJob</c>) in the task hub's first-in-first-out work-item queue,
/// so a job submitted while a large one runs queues behind that window, not behind the whole large job.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class JobFairnessTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task OneImageJob_SubmittedWhileA30ImageJobRuns_FinishesWhileMostOfTheLargeJobIsStillToDo()
    {
        // Two activities at a time, a window of 4, and every activity lasts at least 150 ms (a slow uploads container).
        // Without the window all 30 activities are queued first and the small job's one comes after all of them.
        var uploads = $"uploads-fair-{Guid.NewGuid():N}"[..30];
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?>
            {
                ["ImageFunctions:Storage:UploadsContainer"] = uploads,
                ["ImageFunctions:Jobs:MaxActivitiesInFlightPerJob"] = "4",
                ["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"] = "2",
            },
            services => services.DecorateImageStore(inner => new SlowImageStore(inner, uploads, TimeSpan.FromMilliseconds(150))));
        var large = await host.Api.SubmitAsync(
            Enumerable.Range(1, 30).Select(i => new UploadFile($"big{i}.png", TestImages.Png(40, 30, seed: i))), "invert");
        await WaitUntilStartedAsync(host, large.JobId);

        var small = await host.Api.SubmitAsync([new UploadFile("small.png", TestImages.Png(40, 30, seed: 99))], "invert");
        var smallDone = await host.WaitForJobAsync(small.JobId);
        var largeThen = await host.Client.GetInstanceAsync(large.JobId, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, smallDone.RuntimeStatus);
        Assert.True(smallDone.ReadOutputAs<JobResult>()!.Images.Single().Succeeded);
        Assert.NotNull(largeThen);
        Assert.Equal(4, largeThen.ReadInputAs<JobSpec>()!.MaxInFlight);
        Assert.NotEqual(OrchestrationRuntimeStatus.Completed, largeThen.RuntimeStatus);
        var progress = largeThen.ReadCustomStatusAs<JobProgress>()!;
        Assert.True(progress.Pending >= 15, $"The one-image job ended when {progress.Succeeded + progress.Failed} of the 30 images were done.");

        var largeDone = await host.WaitForJobAsync(large.JobId, TimeSpan.FromSeconds(120));
        var outcomes = largeDone.ReadOutputAs<JobResult>()!.Images;
        Assert.Equal(30, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
    }

    /// <summary>Waits until the job's orchestration runs and has scheduled its first activities.</summary>
    private static async Task WaitUntilStartedAsync(AppHost host, string jobId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var instance = await host.Client.GetInstanceAsync(jobId, timeout.Token);
            if (instance?.RuntimeStatus == OrchestrationRuntimeStatus.Running)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
