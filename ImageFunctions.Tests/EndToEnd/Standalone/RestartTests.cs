using ImageFunctions.Tests.InProcess.Standalone;
using System.Diagnostics;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.EndToEnd.Standalone;

/// <summary>With the Azure Storage backend a job survives the death of the host process and finishes after a restart.</summary>
[Collection(ServicesCollection.Name)]
public sealed class RestartTests(AzuriteFixture azurite, RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task KillMidJob_ThenRestart_JobCompletesWithEveryImage()
    {
        var port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ImageFunctions__Storage__ConnectionString"] = azurite.ConnectionString,
            ["ImageFunctions__Redis__ConnectionString"] = redis.ConnectionString,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzureStorageEndToEndTests.UniqueHubName("restart"),
            // The activities the killed process held come back after the default work-item visibility timeout (15 s: their
            // locks are renewed while they run); orchestration messages after this one (the default is 1 min).
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
        };
        var inputs = UploadFiles.Pngs(6, seed: 11);
        var clock = Stopwatch.StartNew();

        // The first host reads uploads slowly, so the job is still running when it is killed; the second is the app as users start it.
        string jobId;
        using (var first = await HostProcess.StartTestHostAsync(port, environment, slowUploadReads: TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(90)))
        {
            output.WriteLine($"first host up after {clock.ElapsedMilliseconds} ms");
            using var api = JobApi.For(first.Address);
            jobId = (await api.SubmitAsync(inputs, EndToEndScenarios.Chain)).JobId;
            await WaitUntilRunningAsync(api, jobId);
            await first.KillAsync();
            output.WriteLine($"killed mid-job after {clock.ElapsedMilliseconds} ms");
        }

        using var second = await HostProcess.StartAsync(port, environment, TimeSpan.FromSeconds(90));
        output.WriteLine($"second host up after {clock.ElapsedMilliseconds} ms");
        using var api2 = JobApi.For(second.Address);
        JobStatusResponse status;
        try
        {
            status = await api2.WaitUntilReadyAsync(jobId, TimeSpan.FromMinutes(2));
        }
        catch (TimeoutException)
        {
            output.WriteLine(second.Output);
            throw;
        }

        output.WriteLine($"job complete after {clock.ElapsedMilliseconds} ms");
        var zip = await api2.DownloadZipAsync(jobId);

        Assert.Equal(JobStatuses.Completed, status.Status);
        Assert.Equal(6, status.Progress.Succeeded);
        Assert.Equal(inputs.Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        foreach (var input in inputs)
        {
            TestImages.AssertSamePixels(UploadFiles.Expected(input, EndToEndScenarios.Chain), zip[input.Name], input.Name);
        }
    }

    // Running: the orchestration has fanned out and the (slowed) activities are in flight, none finished.
    private static async Task WaitUntilRunningAsync(JobApi api, string jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await api.Http.GetAsync($"/status-job/{jobId}");
            var status = System.Text.Json.JsonSerializer.Deserialize<JobStatusResponse>(await response.Content.ReadAsStringAsync());
            if (status is { Status: JobStatuses.Running } && status.Results.Any(r => r.Status == ImageStatuses.Started))
            {
                Assert.False(status.AllReady, "The job finished before the host could be killed.");
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Job {jobId} never started running.");
    }
}
