using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.InProcess.Standalone;

/// <summary>The same end-to-end scenarios with the Azure Storage Durable backend on Azurite, Blob Storage and Redis.</summary>
[Collection(ServicesCollection.Name)]
public sealed class AzureStorageEndToEndTests(AzuriteFixture azurite, RedisFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private StandaloneApp? _app;
    private JobApi? _api;

    private JobApi Api => _api ?? throw new InvalidOperationException("Not started.");

    /// <summary>A task hub of its own per test, so runs never see each other's messages.</summary>
    public static string UniqueHubName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        _app = await StandaloneHost.CreateAsync(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ImageFunctions:Redis:ConnectionString"] = redis.ConnectionString,
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = UniqueHubName("e2e"),
        }));
        _api = JobApi.For(_app.Address);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public void CreateAsync_StorageConnection_UsesAzureStorageBlobAndRedis()
    {
        Assert.StartsWith("azure-storage (task hub e2e", _app!.DurableBackend, StringComparison.Ordinal);
        Assert.IsType<BlobImageStore>(_app.Services.GetRequiredService<IImageStore>());
        Assert.IsType<RedisJobStateStore>(_app.Services.GetRequiredService<IJobStateStore>());
    }

    [Fact]
    public Task ProcessJob_TwentyImagesOnAzurite_ZipMatchesEngineOutput() => EndToEndScenarios.TwentyImagesAsync(Api, output, "azure-storage");

    [Fact]
    public Task ProcessJob_OneCorruptImageOnAzurite_CompletesAndZipHoldsTheRest() => EndToEndScenarios.OneCorruptImageAsync(Api);
}
