using System.Diagnostics;
using ImageFunctions.Tests.InProcess.Standalone;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.EndToEnd.Standalone;

/// <summary>
/// The standalone host as users start it, on the Azure Storage backend (uploads, results and the Durable task hub in Azurite,
/// progress in Redis), when storage goes away after start-up: stopped (connections refused) or frozen by SIGSTOP (connections
/// accepted, nothing answered). Every endpoint answers a clear 503 within a few seconds, and SIGTERM still ends the host
/// within its grace period.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class StorageOutageTests(RedisFixture redis, ITestOutputHelper output)
{
    /// <summary>
    /// Behavioural, not a measurement: the request deadline is 5 s; before it a stopped storage took 10-55 s (the SDK's
    /// retries, then a clean-up that retried again) and a frozen one 28-41 s.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(15);

    /// <summary>The host's grace period here (the default is 30 s); it has to be out within it plus process start-down.</summary>
    private const int GraceSeconds = 9;

    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(GraceSeconds + 5);

    public enum Outage
    {
        Stopped,
        Frozen,
    }

    /// <remarks>
    /// <paramref name="deadlineSeconds"/> 8 (default 5) lets a stopped storage's own failures arrive first (the SDK's spent
    /// retries, the sidecar's failed Table read, about 5.6 s): they are 503s too, not the 500s they were.
    /// </remarks>
    [Theory]
    [InlineData(Outage.Stopped, 5)]
    [InlineData(Outage.Stopped, 8)]
    [InlineData(Outage.Frozen, 5)]
    public async Task StorageGoesAway_EveryEndpointAnswers503WithinSeconds_AndSigtermEndsTheHostInTime(Outage outage, int deadlineSeconds)
    {
        var azurite = await AzuriteFixture.StartOwnAsync();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["ImageFunctions__Storage__ConnectionString"] = azurite.ConnectionString,
                ["ImageFunctions__Redis__ConnectionString"] = redis.ConnectionString,
                ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzureStorageEndToEndTests.UniqueHubName("outage"),
                ["Standalone__ShutdownGraceSeconds"] = GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ImageFunctions__Backends__RequestTimeoutSeconds"] = deadlineSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            using var host = await HostProcess.StartAsync(FreePort.Next(), environment, TimeSpan.FromSeconds(90));
            using var api = JobApi.For(host.Address);
            var inputs = UploadFiles.Pngs(1, seed: 21);
            var jobId = (await api.SubmitAsync(inputs, "invert")).JobId;
            await api.WaitUntilReadyAsync(jobId, TimeSpan.FromMinutes(2));
            var image = Assert.Single(await api.OutputNamesAsync(jobId));

            if (outage == Outage.Stopped)
            {
                await azurite.StopAsync();
            }
            else
            {
                await azurite.FreezeAsync();
            }

            var calls = new (string Name, Func<Task<ApiResponse>> Call)[]
            {
                ("submit", async () => await ApiResponse.ReadAsync(await api.PostJobAsync(inputs, "invert"))),
                ("status", () => api.StatusAsync(jobId)),
                ("download", () => api.DownloadAsync(jobId)),
                ("images", () => api.ImageAsync(jobId, image)),
                ("delete", () => api.DeleteAsync(jobId)),
            };
            var answers = await Task.WhenAll(calls.Select(async call =>
            {
                var clock = Stopwatch.StartNew();
                var response = await call.Call();
                return (call.Name, Response: response, clock.Elapsed);
            }));
            foreach (var (name, response, elapsed) in answers)
            {
                output.WriteLine($"{outage} ({deadlineSeconds} s) {name}: {response.Status} after {elapsed.TotalSeconds:0.0} s, Retry-After '{response.Header("Retry-After")}': {response.Text}");
            }

            var terminated = await host.TerminateAsync(TimeSpan.FromSeconds(120));
            output.WriteLine($"{outage}: exited {terminated.TotalSeconds:0.0} s after SIGTERM (grace {GraceSeconds} s)");
            output.WriteLine(host.Output);

            Assert.All(answers, answer =>
            {
                Assert.True(answer.Elapsed < AnswerBound, $"{answer.Name} took {answer.Elapsed.TotalSeconds:0.0} s (bound {AnswerBound.TotalSeconds} s)");
                answer.Response.AssertProblem(503);
                Assert.True(int.TryParse(answer.Response.Header("Retry-After"), out var seconds) && seconds > 0, $"{answer.Name}: no Retry-After");
                Assert.DoesNotContain("   at ", answer.Response.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("Exception", answer.Response.Text, StringComparison.Ordinal);
            });
            Assert.True(terminated < ExitBound, $"The host exited {terminated.TotalSeconds:0.0} s after SIGTERM (bound {ExitBound.TotalSeconds} s)");
        }
        finally
        {
            await azurite.ResumeAsync();
            await azurite.DisposeAsync();
        }
    }
}
