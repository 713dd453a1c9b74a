using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Tests.EndToEnd.FunctionsHost;

/// <summary>
/// The app started as the Functions host starts its worker (no <c>--standalone</c>) refuses to run without storage instead of
/// keeping images on the instance's local disk. It stops while registering its services, before it looks for the host.
/// </summary>
public sealed class FunctionsHostStorageTests
{
    [Fact]
    public async Task Start_WithoutStorage_ExitsNamingTheSettings()
    {
        var app = typeof(StandaloneHost).Assembly.Location;
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = null,
            ["ImageFunctions__Storage__ConnectionString"] = null,
            ["ImageFunctions__Storage__LocalRoot"] = Path.GetTempPath(), // a build without the check writes nothing into bin/
        };
        using var process = ServiceProcess.Start("functions-worker", "dotnet", [app], "Build the solution first.", Path.GetDirectoryName(app), environment);

        var exited = await Task.WhenAny(process.Exited, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.True(exited == process.Exited, process.Describe("The worker kept running without storage"));
        Assert.Contains("under the Functions host images are never kept on the instance's local disk", process.OutputTail, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", process.OutputTail, StringComparison.Ordinal);
        Assert.Contains("ImageFunctions__Storage__ConnectionString", process.OutputTail, StringComparison.Ordinal);
    }
}
