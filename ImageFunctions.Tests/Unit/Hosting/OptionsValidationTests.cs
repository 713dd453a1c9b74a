using ImageFunctions.Hosting;
using ImageFunctions.Jobs;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Unit.Hosting;

public sealed class OptionsValidationTests
{
    [Fact]
    public void AddImageFunctions_InvalidLimits_FailsNamingTheSettings()
    {
        using var services = Build(new()
        {
            ["ImageFunctions:Limits:MaxFiles"] = "0",
            ["ImageFunctions:Jobs:RetentionHours"] = "-1",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("ImageFunctions:Limits:MaxFiles", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ImageFunctions:Jobs:RetentionHours", StringComparison.Ordinal));
    }

    [Fact]
    public void AddImageFunctions_InvalidNotificationSettings_FailsNamingTheSettings()
    {
        using var services = Build(new()
        {
            ["ImageFunctions:Notifications:SigningSecret"] = "short",
            ["ImageFunctions:Notifications:AllowedHosts"] = "localhost,10.1.2.3/16",
            ["ImageFunctions:Notifications:FirstRetrySeconds"] = "0",
        });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("ImageFunctions:Notifications:SigningSecret", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ImageFunctions:Notifications:AllowedHosts: '10.1.2.3/16'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ImageFunctions:Notifications:FirstRetrySeconds", StringComparison.Ordinal));
    }

    [Fact]
    public void AddImageFunctions_NoConnections_SelectsEmbeddedBackends()
    {
        using var services = Build(new() { ["ImageFunctions:Storage:LocalRoot"] = Path.GetTempPath() });

        Assert.IsType<FileSystemImageStore>(services.GetRequiredService<IImageStore>());
        Assert.IsType<MemoryJobStateStore>(services.GetRequiredService<IJobStateStore>());
    }

    [Fact]
    public void AddImageFunctions_AzureWebJobsStorageOnly_SelectsBlobStore()
    {
        using var services = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.IsType<BlobImageStore>(services.GetRequiredService<IImageStore>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddImageFunctions(configuration, HostKind.Standalone).BuildServiceProvider();
    }
}
