using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ImageFunctions.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace ImageFunctions.Tests.Unit.Contract;

/// <summary>
/// The files other tools build and run the app from agree with the project: the Dockerfile's images with the target
/// framework, global.json with the SDK band, Compose's environment with <c>local.settings.sample.json</c>, and the build
/// settings that keep a restore on another feed from failing the build.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    /// <summary>Keys whose values name a service endpoint, which differs between Compose's network and a developer's machine.</summary>
    private static readonly HashSet<string> EndpointKeys = new(StringComparer.Ordinal) { "AzureWebJobsStorage", "ImageFunctions__Redis__ConnectionString", "OTEL_EXPORTER_OTLP_ENDPOINT" };

    [Fact]
    public void Dockerfile_BuildAndRuntimeImages_MatchTheTargetFramework()
    {
        var version = TargetFrameworkVersion();
        var images = FromImages(File.ReadAllText(RepositoryRoot.Combine("ImageFunctions", "Dockerfile")));

        Assert.Equal(2, images.Count);
        Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", images[0]);
        Assert.Equal($"mcr.microsoft.com/azure-functions/dotnet-isolated:4-dotnet-isolated{version}", images[1]);
    }

    [Fact]
    public void GlobalJson_PinsTheSdkBandOfTheTargetFrameworkAndRollsForward()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("global.json")));
        var sdk = document.RootElement.GetProperty("sdk");

        Assert.StartsWith(TargetFrameworkVersion() + ".", sdk.GetProperty("version").GetString(), StringComparison.Ordinal);
        // latestFeature: any newer 10.0.x band or patch builds it (func start and Docker use whatever 10.0 SDK they have).
        Assert.Equal("latestFeature", sdk.GetProperty("rollForward").GetString());
        Assert.False(sdk.GetProperty("allowPrerelease").GetBoolean());
    }

    [Theory]
    [InlineData("NU1900")] // the vulnerability feed could not be read
    [InlineData("NU1901")]
    [InlineData("NU1902")]
    [InlineData("NU1903")]
    [InlineData("NU1904")]
    [InlineData("NU1603")]
    public void BuildProps_WarningsAsErrors_SpareFeedWarnings(string code)
    {
        var properties = XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("PropertyGroup").Elements().ToArray();

        Assert.Equal("true", properties.Single(p => p.Name.LocalName == "TreatWarningsAsErrors").Value.Trim());
        var spared = properties.Where(p => p.Name.LocalName == "WarningsNotAsErrors").SelectMany(p => p.Value.Split(';', StringSplitOptions.TrimEntries));
        Assert.Contains(code, spared);
    }

    [Fact]
    public void ComposeEnvironment_SetsTheSameKeysAsLocalSettings()
    {
        var local = LocalSettingsValues();
        var compose = ComposeEnvironment("functions");

        Assert.Equal(local.Keys.Order(StringComparer.Ordinal), compose.Keys.Order(StringComparer.Ordinal));
        Assert.All(local.Where(kv => !EndpointKeys.Contains(kv.Key)), kv => Assert.True(
            compose[kv.Key] == kv.Value, $"{kv.Key}: local.settings.sample.json has '{kv.Value}', docker-compose.yml '{compose[kv.Key]}'"));
    }

    [Fact]
    public void Compose_DurableFunctionsMonitor_UsesTheTagTheReadmeNames()
    {
        var image = ComposeService("dfmon").Children[new YamlScalarNode("image")].ToString();
        var tag = image[(image.LastIndexOf(':') + 1)..];

        Assert.StartsWith("scaletone/durablefunctionsmonitor:", image, StringComparison.Ordinal);
        Assert.Matches(@"^\d+(\.\d+)+$", tag);
        Assert.Contains($"scaletone/durablefunctionsmonitor:{tag}", File.ReadAllText(RepositoryRoot.Combine("README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void AzureYaml_ApiService_DeploysTheFunctionsProjectToAFunctionApp()
    {
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine("azure.yaml")));
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root.Children[new YamlScalarNode("services")];
        var api = (YamlMappingNode)services.Children[new YamlScalarNode("api")];
        string Value(string key) => api.Children[new YamlScalarNode(key)].ToString();

        Assert.Single(services.Children);
        Assert.Equal("function", Value("host"));
        Assert.Equal("dotnet", Value("language"));
        var project = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, Value("project")));
        Assert.Equal(RepositoryRoot.Combine("ImageFunctions") + Path.DirectorySeparatorChar, project.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar);
        var csproj = XDocument.Load(Path.Combine(project, "ImageFunctions.csproj"));
        Assert.Equal("v4", csproj.Descendants("AzureFunctionsVersion").Single().Value);
        // infra/app/api.bicep tags the function app with the service name, by which azd finds where to deploy.
        Assert.Contains("'azd-service-name': 'api'", File.ReadAllText(RepositoryRoot.Combine("infra", "app", "api.bicep")), StringComparison.Ordinal);
    }

    /// <summary><c>10.0</c> for <c>net10.0</c>, from Directory.Build.props.</summary>
    private static string TargetFrameworkVersion()
    {
        var tfm = XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("TargetFramework").Single().Value.Trim();
        Assert.Matches(@"^net\d+\.\d+$", tfm);
        return tfm["net".Length..];
    }

    private static List<string> FromImages(string dockerfile) =>
        FromLine().Matches(dockerfile).Select(m => m.Groups[1].Value).ToList();

    private static Dictionary<string, string> LocalSettingsValues()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("ImageFunctions", "local.settings.sample.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> ComposeEnvironment(string service)
    {
        var environment = (YamlMappingNode)ComposeService(service).Children[new YamlScalarNode("environment")];
        return environment.Children.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value.ToString(), StringComparer.Ordinal);
    }

    private static YamlMappingNode ComposeService(string name)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.Combine("docker-compose.yml")))
        {
            yaml.Load(reader);
        }

        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("services")];
        return (YamlMappingNode)services.Children[new YamlScalarNode(name)];
    }

    [GeneratedRegex(@"^FROM\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();
}
