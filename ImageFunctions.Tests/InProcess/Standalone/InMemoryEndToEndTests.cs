using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using ImageFunctions.Hosting.Standalone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.InProcess.Standalone;

public sealed class InMemoryEndToEndTests(EmbeddedHostFixture host, ITestOutputHelper output) : IClassFixture<EmbeddedHostFixture>
{
    [Fact]
    public void CreateAsync_NoConnections_UsesEmbeddedBackends()
    {
        Assert.Equal("in-memory", host.App.DurableBackend);
        Assert.IsType<FileSystemImageStore>(host.App.Services.GetRequiredService<IImageStore>());
        Assert.IsType<MemoryJobStateStore>(host.App.Services.GetRequiredService<IJobStateStore>());
        Assert.EndsWith("/docs", host.App.DocsUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateAsync_HostJsonLogLevels_Apply()
    {
        // host.json keeps the Durable Task Framework at Warning, as under the Functions host (it logs several lines per message).
        var configuration = host.App.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("Warning", configuration["Logging:LogLevel:DurableTask.AzureStorage"]);
        Assert.Equal("Warning", configuration["Logging:LogLevel:DurableTask.Core"]);
        Assert.False(host.App.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DurableTask.AzureStorage").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public Task ProcessJob_TwentyImagesGrayscaleEdges_ZipMatchesEngineOutput() => EndToEndScenarios.TwentyImagesAsync(host.Api, output, "in-memory");

    [Fact]
    public Task ProcessJob_OneCorruptImage_CompletesAndZipHoldsTheRest() => EndToEndScenarios.OneCorruptImageAsync(host.Api);

    [Fact]
    public Task ProcessJob_ThousandImages_AllCompleteAndZipHoldsEveryResult() => EndToEndScenarios.LargeJobAsync(host.Api, output);

    [Fact]
    public Task ProcessJob_TenConcurrentJobsOfTwenty_AllComplete() => EndToEndScenarios.ConcurrentJobsAsync(host.Api, output);

    [Fact]
    public Task DocsOpenApiAndBadRequests_Answer() => EndToEndScenarios.DocsAndProblemsAsync(host.Api);
}
