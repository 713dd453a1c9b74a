using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using ImageFunctions.Hosting.Standalone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.Standalone;

/// <summary>The real app in the standalone host's embedded mode (in-memory Durable, file-system store, in-process progress) on loopback.</summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagefunctions-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private StandaloneApp? _app;

    public StandaloneApp App => _app ?? throw new InvalidOperationException("Not started.");

    public JobApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await StandaloneHost.CreateAsync(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = "",
            ["AzureWebJobsStorage"] = "",
            ["ImageFunctions:Redis:ConnectionString"] = "",
            ["ImageFunctions:Storage:LocalRoot"] = _root,
            ["ImageFunctions:Limits:MaxFiles"] = EndToEndScenarios.LargeJobImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Api = JobApi.For(App.Address);
    }

    public async Task DisposeAsync()
    {
        Api?.Http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}

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
