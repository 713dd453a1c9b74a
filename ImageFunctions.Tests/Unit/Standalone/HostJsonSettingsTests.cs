using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>The standalone host reads host.json the way the Functions host does, including the Durable storage provider's latency settings.</summary>
public sealed class HostJsonSettingsTests
{
    private static readonly string AppHostJson = RepositoryRoot.Combine("ImageFunctions", "host.json");

    [Fact]
    public void Load_AppHostJson_ReadsConcurrencyAndStorageProvider()
    {
        var settings = HostJsonSettings.Load(AppHostJson);

        Assert.Equal("", settings.RoutePrefix);
        Assert.Equal("ImageFunctionsHub", settings.HubName);
        Assert.Equal(8, settings.MaxConcurrentActivities);
        Assert.Equal(8, settings.MaxConcurrentOrchestrations);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.StorageProvider.MaxQueuePollingInterval);
        Assert.Equal(4, settings.StorageProvider.PartitionCount);
        Assert.Equal(32, settings.StorageProvider.ControlQueueBatchSize);
        Assert.Equal("Information", settings.LogLevels["Default"]);
        Assert.Equal("Warning", settings.LogLevels["DurableTask.AzureStorage"]);
    }

    [Fact]
    public void Load_AzureFunctionsJobHostSettings_OverrideHostJson()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = "OtherHub",
            ["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"] = "3",
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:00:10",
            ["AzureFunctionsJobHost:extensions:http:routePrefix"] = "/api/",
        }).Build();

        var settings = HostJsonSettings.Load(AppHostJson, configuration);

        Assert.Equal("OtherHub", settings.HubName);
        Assert.Equal(3, settings.MaxConcurrentActivities);
        Assert.Equal(8, settings.MaxConcurrentOrchestrations);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.StorageProvider.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.StorageProvider.MaxQueuePollingInterval);
        Assert.Equal("api", settings.RoutePrefix);
    }

    [Fact]
    public void Load_NoFile_FunctionsHostDefaults()
    {
        var settings = HostJsonSettings.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "host.json"));

        var defaults = HostJsonSettings.Default;
        Assert.Equal(
            (defaults.RoutePrefix, defaults.HubName, defaults.MaxConcurrentActivities, defaults.MaxConcurrentOrchestrations),
            (settings.RoutePrefix, settings.HubName, settings.MaxConcurrentActivities, settings.MaxConcurrentOrchestrations));
        Assert.Null(settings.StorageProvider.MaxQueuePollingInterval);
        Assert.Empty(settings.LogLevels);
    }

    [Theory]
    [InlineData("maxConcurrentActivityFunctions", "many", "extensions:durableTask:maxConcurrentActivityFunctions")]
    [InlineData("maxConcurrentOrchestratorFunctions", "0", "extensions:durableTask:maxConcurrentOrchestratorFunctions")]
    [InlineData("storageProvider:maxQueuePollingInterval", "soon", "extensions:durableTask:storageProvider:maxQueuePollingInterval")]
    public void Load_BadValue_ThrowsNamingTheSetting(string key, string value, string expectedName)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:" + key] = value,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => HostJsonSettings.Load(AppHostJson, configuration));

        Assert.Contains(expectedName, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AzureStorageSettings_TakeHostJsonLatencySettings()
    {
        var hostJson = HostJsonSettings.Load(AppHostJson);

        var settings = DurableBackend.AzureStorageSettings(new StorageAccountClientProvider("UseDevelopmentStorage=true"), hostJson, NullLoggerFactory.Instance);

        Assert.Equal("ImageFunctionsHub", settings.TaskHubName);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.MaxQueuePollingInterval);
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(32, settings.ControlQueueBatchSize);
        Assert.Equal(8, settings.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.WorkItemQueueVisibilityTimeout);
    }
}
