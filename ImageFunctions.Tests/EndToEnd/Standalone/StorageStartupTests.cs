using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Tests.InProcess.Standalone;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.EndToEnd.Standalone;

/// <summary>
/// The standalone host as users start it (<c>dotnet ImageFunctions.dll --standalone</c>) against storage that is not there,
/// and against an Azurite that checks API versions (started without <c>--skipApiVersionCheck</c>).
/// </summary>
public sealed class StorageStartupTests(ITestOutputHelper output)
{
    /// <summary>Generous: the start-up check gives up after 10 s; the host without it retried for half a minute, then crashed.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("ImageFunctions__Storage__ConnectionString", "AzureWebJobsStorage")]
    [InlineData("AzureWebJobsStorage", "ImageFunctions__Storage__ConnectionString")]
    public async Task StorageUnreachable_ExitsWithOneLineNamingTheSettingAndEndpoint(string setting, string otherSetting)
    {
        var ports = FreePort.Next(3); // nothing listens on them
        var environment = new Dictionary<string, string>
        {
            [setting] = AzuriteFixture.BuildConnectionString("127.0.0.1", ports[0], ports[1], ports[2]),
            [otherSetting] = string.Empty,
        };

        var exit = await HostProcess.RunUntilExitAsync(FreePort.Next(), environment, ExitTimeout);
        output.WriteLine(exit.Output);

        Assert.Equal(StandaloneHost.StartupFailedExitCode, exit.ExitCode);
        var line = Assert.Single(exit.ErrorLines, l => l.Length > 0);
        Assert.Equal(line, exit.Output.Trim());
        Assert.StartsWith("Start-up failed: Storage is unreachable:", line, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:{ports[0]}/{AzuriteFixture.AccountName}", line, StringComparison.Ordinal);
        Assert.Contains($"of {setting})", line, StringComparison.Ordinal);
        Assert.Contains("npm run --prefix tools azurite", line, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteFixture.AccountKey, exit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzuriteCheckingApiVersions_HostStartsAndRunsAJob()
    {
        var azurite = await AzuriteFixture.StartCheckingApiVersionsAsync();
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["ImageFunctions__Storage__ConnectionString"] = string.Empty,
                ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzureStorageEndToEndTests.UniqueHubName("strict"),
            };
            using var host = await HostProcess.StartAsync(FreePort.Next(), environment, TimeSpan.FromSeconds(90));
            using var api = JobApi.For(host.Address);
            var inputs = UploadFiles.Pngs(1, seed: 5);

            var health = await api.HealthAsync();
            var jobId = (await api.SubmitAsync(inputs, "invert")).JobId;
            var status = await api.WaitUntilReadyAsync(jobId, TimeSpan.FromMinutes(2));
            var zip = await api.DownloadZipAsync(jobId);
            output.WriteLine(host.Output);

            Assert.Equal(200, health.Status);
            Assert.Equal(JobStatuses.Completed, status.Status);
            Assert.Equal(inputs.Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
