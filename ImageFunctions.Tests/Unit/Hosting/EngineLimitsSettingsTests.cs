using ImageFunctions.Hosting;
using ImageFunctions.Imaging;
using ImageFunctions.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Unit.Hosting;

/// <summary>The metadata caps and the pixel budget: from configuration to the engine, validated at start-up.</summary>
public sealed class EngineLimitsSettingsTests
{
    [Fact]
    public void AddImageFunctions_LimitSettings_ReachTheEngine()
    {
        using var services = Build(new()
        {
            ["ImageFunctions:Limits:MaxMetadataSegments"] = "7",
            ["ImageFunctions:Limits:MaxMetadataBytes"] = "12345",
            ["ImageFunctions:Limits:PixelBudget"] = "5000000",
        });

        var limits = services.GetRequiredService<ImagePipeline>().Limits;

        Assert.Equal((7, 12345L, 5_000_000L), (limits.MaxMetadataSegments, limits.MaxMetadataBytes, limits.PixelBudget));
    }

    [Fact]
    public void AddImageFunctions_Defaults_AreTheDocumentedOnes()
    {
        using var services = Build([]);

        var limits = services.GetRequiredService<ImagePipeline>().Limits;

        Assert.Equal((64, 4L << 20, 40_000_000L), (limits.MaxMetadataSegments, limits.MaxMetadataBytes, limits.PixelBudget));
    }

    [Theory]
    [InlineData("MaxMetadataSegments")]
    [InlineData("MaxMetadataBytes")]
    [InlineData("PixelBudget")]
    public void AddImageFunctions_ZeroLimit_FailsNamingTheSetting(string setting)
    {
        using var services = Build(new() { [$"ImageFunctions:Limits:{setting}"] = "0" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains($"ImageFunctions:Limits:{setting}", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["ImageFunctions:Storage:LocalRoot"] = Path.GetTempPath();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddImageFunctions(configuration, HostKind.Standalone).BuildServiceProvider();
    }
}
