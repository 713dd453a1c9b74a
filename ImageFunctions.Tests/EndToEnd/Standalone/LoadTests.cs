using ImageFunctions.Benchmarks.Load;
using ImageFunctions.Tests.Infrastructure;
using ImageFunctions.Tests.InProcess.Standalone;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.EndToEnd.Standalone;

/// <summary>
/// A smaller run of the benchmarks' load (<c>load</c> verb, <see cref="LoadRunner"/>) against the app as users start it,
/// over loopback HTTP: 8 clients, every other submission a bad input. Only correctness is asserted (no 5xx, nothing lost
/// or duplicated, every bad input a 4xx problem+json, no stack trace in any answer), never a time.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class LoadTests(AzuriteFixture azurite, RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task Load_InMemoryBackend_NoServerErrorNothingLostOrDuplicatedBadInputsRefused()
    {
        var store = Directory.CreateTempSubdirectory("imagefunctions-load-test-");
        try
        {
            await RunAsync(
                new Dictionary<string, string>
                {
                    ["ImageFunctions__Storage__LocalRoot"] = store.FullName,
                    ["ImageFunctions__Storage__ConnectionString"] = string.Empty,
                    ["AzureWebJobsStorage"] = string.Empty,
                    ["ImageFunctions__Redis__ConnectionString"] = string.Empty,
                },
                submissions: 60);
        }
        finally
        {
            store.Delete(recursive: true);
        }
    }

    [Fact]
    public Task Load_AzuriteAndRedis_NoServerErrorNothingLostOrDuplicatedBadInputsRefused() =>
        RunAsync(
            new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["ImageFunctions__Storage__ConnectionString"] = string.Empty,
                ["ImageFunctions__Redis__ConnectionString"] = redis.ConnectionString,
                ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzureStorageEndToEndTests.UniqueHubName("load"),
            },
            submissions: 40);

    private async Task RunAsync(Dictionary<string, string> environment, int submissions)
    {
        // 11 files are too many: the refusal comes after the 10 allowed parts were stored (and is then cleaned up), so a
        // smaller limit keeps the case cheap on Azurite.
        environment["ImageFunctions__Limits__MaxFiles"] = "10";
        using var host = await HostProcess.StartAsync(FreePort.Next(), environment, TimeSpan.FromSeconds(90));
        using var http = new HttpClient { BaseAddress = new Uri(host.Address), Timeout = Timeout.InfiniteTimeSpan };
        // The deadlines only guard against a hang (nothing is timed): generous, because other builds may share the cores.
        var runner = new LoadRunner(http, new LoadRunOptions(
            submissions, Clients: 8, RequestTimeout: TimeSpan.FromSeconds(120), JobTimeout: TimeSpan.FromSeconds(180), TotalTimeout: TimeSpan.FromMinutes(4)));

        var result = await runner.RunAsync(hostProcessId: null, CancellationToken.None);
        output.WriteLine(result.Describe());

        Assert.Equal(submissions, result.Sent);
        Assert.Equal(0, result.ServerErrors);
        Assert.Equal(0, result.NoAnswer);
        Assert.Equal(0, result.Lost);
        Assert.Equal(0, result.Duplicated);
        Assert.Equal(0, result.WrongAnswers);
        Assert.Equal(0, result.Leaks);
        Assert.Equal(0, result.Unfinished);
        Assert.Equal(submissions / 2, result.Refused);
        Assert.True(result.ImagesVerified >= submissions, $"Only {result.ImagesVerified} images were verified.");
        Assert.True(result.Clean, result.Describe());
    }
}
