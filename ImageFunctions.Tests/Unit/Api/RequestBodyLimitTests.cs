using System.Text.Json;
using System.Globalization;
using ImageFunctions.Api.Submission;
using ImageFunctions.Hosting;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The request body cap: its arithmetic, both hosts' Kestrel, and the Functions host's setting in the sample files.</summary>
public sealed class RequestBodyLimitTests
{
    private const string HostSetting = "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT";

    [Fact]
    public void For_DefaultLimits_IsTheJobBytesWithAHundredPartsOfFramingPlusTheFields()
    {
        // MaxJobBytes (1 GiB, below 100 × 25 MiB) + 100 × (200 + 16384 + 16) + 128 KiB.
        const long expected = (1L << 30) + 100L * 16_600 + 131_072;

        Assert.Equal(expected, RequestBodyLimit.For(new LimitsOptions()));
        Assert.Equal(1_075_532_896, expected);
    }

    [Fact]
    public void For_JobBytesAboveEveryFileAtItsLimit_IsAHundredFullFilesWithFramingPlusTheFields()
    {
        // 100 × (25 MiB + 200 + 16384 + 16) + 128 KiB, well past int.MaxValue.
        const long expected = 100L * (26_214_400 + 16_600) + 131_072;

        Assert.Equal(expected, RequestBodyLimit.For(new LimitsOptions { MaxJobBytes = 4L << 30 }));
        Assert.True(expected > int.MaxValue);
    }

    [Theory]
    [InlineData(1, 1, 16_601 + 131_072)]
    [InlineData(2, 1000, 2 * 17_600 + 131_072)]
    [InlineData(10_000, 26_214_400, 10_000L * 26_231_000 + 131_072)]
    public void For_AddsEveryPartAndTheFields(int maxFiles, long maxFileBytes, long expected) =>
        Assert.Equal(expected, RequestBodyLimit.For(new LimitsOptions { MaxFiles = maxFiles, MaxFileBytes = maxFileBytes, MaxJobBytes = long.MaxValue }));

    [Theory]
    [InlineData(10, 1000, 5000, 5000 + 10 * 16_600 + 131_072)]
    [InlineData(10, 1000, 20_000, 10 * 17_600 + 131_072)]
    public void For_TakesTheSmallerOfTheFilesAtTheirLimitAndTheJobBytes(int maxFiles, long maxFileBytes, long maxJobBytes, long expected) =>
        Assert.Equal(expected, RequestBodyLimit.For(new LimitsOptions { MaxFiles = maxFiles, MaxFileBytes = maxFileBytes, MaxJobBytes = maxJobBytes }));

    [Theory]
    [InlineData(1, long.MaxValue)]
    [InlineData(10_000, long.MaxValue / 2)]
    [InlineData(10_000, long.MaxValue / 10_000)]
    public void For_LimitsTooLargeToAddUp_IsNoCapInsteadOfOverflowing(int maxFiles, long maxFileBytes) =>
        Assert.Equal(long.MaxValue, RequestBodyLimit.For(new LimitsOptions { MaxFiles = maxFiles, MaxFileBytes = maxFileBytes, MaxJobBytes = long.MaxValue }));

    [Fact]
    public void AddImageFunctions_KestrelTakesTheCapOfTheConfiguredLimits()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxFiles"] = "2",
            ["ImageFunctions:Limits:MaxFileBytes"] = "1000",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddImageFunctions(configuration, HostKind.Standalone).BuildServiceProvider();

        var kestrel = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        Assert.Equal(2 * 17_600 + 131_072, kestrel.Limits.MaxRequestBodySize);
    }

    [Theory]
    [InlineData(null, null, 32 * 1024 / 10.0, 10)] // the defaults: 3.3 KB/s after 10 s
    [InlineData("8192", "0.5", 8192 / 0.5, 2)]     // a window under Kestrel's heartbeat: its grace period stays at 2 s
    public void AddImageFunctions_KestrelTakesTheUploadPacingAsItsMinimumBodyRate(string? minBytes, string? window, double bytesPerSecond, double graceSeconds)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:UploadMinBytesPerWindow"] = minBytes,
            ["ImageFunctions:Limits:UploadRateWindowSeconds"] = window,
        }.Where(setting => setting.Value is not null)).Build();
        using var services = new ServiceCollection().AddLogging().AddImageFunctions(configuration, HostKind.Standalone).BuildServiceProvider();

        var rate = services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MinRequestBodyDataRate!;

        Assert.Equal(bytesPerSecond, rate.BytesPerSecond, precision: 6);
        Assert.Equal(TimeSpan.FromSeconds(graceSeconds), rate.GracePeriod);
    }

    [Fact]
    public void LocalSettingsSample_CarriesTheCapOfItsLimits_TheDefaults()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("ImageFunctions", "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        AssertCarriesTheDefaultCap(values);
    }

    [Fact]
    public void DockerCompose_FunctionsServiceCarriesTheCapOfItsLimits_TheDefaults()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine("docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        var environment = (YamlMappingNode)((YamlMappingNode)services.Children[new YamlScalarNode("functions")]).Children[new YamlScalarNode("environment")];

        AssertCarriesTheDefaultCap(environment.Children.ToDictionary(kv => kv.Key.ToString(), kv => (string?)kv.Value.ToString()));
    }

    /// <summary>The Functions host's cap is the app's cap for the limits beside it (when written out), which are the defaults.</summary>
    private static void AssertCarriesTheDefaultCap(Dictionary<string, string?> values)
    {
        var defaults = new LimitsOptions();
        var limits = new LimitsOptions
        {
            MaxFiles = values.TryGetValue("ImageFunctions__Limits__MaxFiles", out var files) ? int.Parse(files!, CultureInfo.InvariantCulture) : defaults.MaxFiles,
            MaxFileBytes = values.TryGetValue("ImageFunctions__Limits__MaxFileBytes", out var bytes) ? long.Parse(bytes!, CultureInfo.InvariantCulture) : defaults.MaxFileBytes,
            MaxJobBytes = values.TryGetValue("ImageFunctions__Limits__MaxJobBytes", out var job) ? long.Parse(job!, CultureInfo.InvariantCulture) : defaults.MaxJobBytes,
        };

        Assert.Equal((defaults.MaxFiles, defaults.MaxFileBytes, defaults.MaxJobBytes), (limits.MaxFiles, limits.MaxFileBytes, limits.MaxJobBytes));
        Assert.True(values.TryGetValue(HostSetting, out var cap), $"No {HostSetting}.");
        Assert.Equal(RequestBodyLimit.For(limits).ToString(CultureInfo.InvariantCulture), cap);
    }
}
