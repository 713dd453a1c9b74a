using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageFunctions.Api.Submission;
using ImageFunctions.Settings;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Tests.EndToEnd.Deployment;

/// <summary>
/// The Azure template (<c>infra/</c>) as <c>azd up</c> would submit it, built and linted by the Bicep CLI of the NuGet package:
/// no error or warning, and its app settings set every setting the app reads (derived from the options classes and the
/// connection settings in code), with values the app's own validation accepts.
/// </summary>
public sealed class BicepTemplateTests(BicepTemplateTests.CompiledTemplate template) : IClassFixture<BicepTemplateTests.CompiledTemplate>
{
    private const string MainTemplate = "infra/main.bicep";

    /// <summary>Settings Flex Consumption refuses: it takes the runtime and the deployment from <c>functionAppConfig</c>.</summary>
    private static readonly string[] FlexForbidden =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE",
        "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_NODE_DEFAULT_VERSION", "AzureWebJobsStorage",
    ];

    [Fact]
    public void Build_MainTemplate_HasNoErrorOrWarning()
    {
        Assert.True(template.Build.ExitCode == 0 && template.Build.Errors.Trim().Length == 0, template.Build.ToString());
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_EveryBicepFile_HasNoErrorOrWarning(string file)
    {
        var lint = await BicepCli.RunAsync("lint", file);

        Assert.True(lint.ExitCode == 0 && lint.Output.Trim().Length == 0 && lint.Errors.Trim().Length == 0, lint.ToString());
    }

    [Fact]
    public void AppSettings_SetEverySettingTheAppReads()
    {
        var settings = template.AppSettings;
        var missing = SettingsTheAppReads().Where(key => !settings.ContainsKey(key)).ToArray();

        Assert.True(missing.Length == 0, "Not set by infra/main.bicep: " + string.Join(", ", missing));
    }

    [Fact]
    public void AppSettings_UseIdentityConnectionsAndNothingFlexRefuses()
    {
        var settings = template.AppSettings;

        // No secret-bearing alternatives: the identity-based connections are the only ones.
        Assert.False(settings.ContainsKey(EnvironmentName(RedisConnection.ConnectionStringKey)));
        Assert.False(settings.ContainsKey(EnvironmentName($"{ImageFunctionsOptions.SectionName}:Storage:ConnectionString")));
        Assert.All(FlexForbidden, key => Assert.False(settings.ContainsKey(key), key));
        Assert.Equal("managedidentity", Literal(settings, "AzureWebJobsStorage__credential"));
        Assert.Equal("managedidentity", Literal(settings, "ImageFunctions__Redis__credential"));
        Assert.Contains("Authorization=AAD", settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void AppSettings_LiteralValues_PassTheAppsValidationAndMatchTheRequestCap()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(template.AppSettings
            .Where(kv => kv.Value?.GetValue<string>() is { } value && !value.StartsWith('['))
            .Select(kv => KeyValuePair.Create(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value!.GetValue<string>()))!).Build();
        var options = configuration.GetSection(ImageFunctionsOptions.SectionName).Get<ImageFunctionsOptions>()!;

        var result = new ImageFunctionsOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(RequestBodyLimit.For(options.Limits).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Literal(template.AppSettings, "FUNCTIONS_REQUEST_BODY_SIZE_LIMIT"));
    }

    [Fact]
    public void FunctionApp_RunsDotnetIsolatedOfTheTargetFrameworkOnFlexConsumption()
    {
        var api = template.Module("api");
        var resources = api["properties"]!["template"]!["resources"]!;
        var site = Resources(resources).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/sites");
        var plan = Resources(resources).Single(r => r["type"]!.GetValue<string>() == "Microsoft.Web/serverfarms");
        var runtime = site["properties"]!["functionAppConfig"]!["runtime"]!;

        Assert.Equal("dotnet-isolated", runtime["name"]!.GetValue<string>());
        Assert.Equal(TargetFrameworkVersion(), runtime["version"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", site["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        // azd finds the app to deploy azure.yaml's service 'api' to by this tag.
        Assert.Contains("'azd-service-name', 'api'", site["tags"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Backends_AreKeylessAndTheIdentityHoldsEveryDataRole()
    {
        var text = template.Json.ToJsonString();
        var storage = Resources(template.Module("storage")["properties"]!["template"]!["resources"]!)
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Storage/storageAccounts");
        var insights = Resources(template.Module("monitoring")["properties"]!["template"]!["resources"]!)
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Insights/components");
        var database = Resources(template.Module("redis")["properties"]!["template"]!["resources"]!)
            .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Cache/redisEnterprise/databases");

        Assert.False(storage["properties"]!["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.True(insights["properties"]!["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Equal("Disabled", database["properties"]!["accessKeysAuthentication"]!.GetValue<string>());
        Assert.Contains(Resources(template.Module("redis")["properties"]!["template"]!["resources"]!),
            r => r["type"]!.GetValue<string>() == "Microsoft.Cache/redisEnterprise/databases/accessPolicyAssignments");
        Assert.All(
            ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "3913510d-42f4-4e42-8a64-420c390055eb"],
            role => Assert.Contains(role, text, StringComparison.Ordinal));
    }

    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryRoot.Combine("infra"), "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/'));
        }

        return data;
    }

    /// <summary>
    /// Every setting the app reads on Azure, derived from the code: each option of <see cref="ImageFunctionsOptions"/> (by
    /// reflection), the identity-based storage connection of <see cref="BackendSelection.HostStorageKey"/>, the Entra Redis
    /// connection of <see cref="RedisConnection.HostKey"/> with its credential, the Functions host's request cap, and the
    /// Application Insights settings the telemetry exporters read.
    /// </summary>
    public static IReadOnlyList<string> SettingsTheAppReads()
    {
        var keys = new List<string>();
        Options(typeof(ImageFunctionsOptions), ImageFunctionsOptions.SectionName, keys);
        keys.RemoveAll(key => key.EndsWith(":ConnectionString", StringComparison.Ordinal)); // alternatives to the identity connections
        keys.AddRange(new[] { "accountName", "credential", "clientId" }.Select(k => $"{BackendSelection.HostStorageKey}:{k}"));
        keys.Add(RedisConnection.HostKey);
        keys.AddRange(new[] { "credential", "clientId" }.Select(k => $"{RedisConnection.SectionName}:{k}"));
        keys.AddRange(["FUNCTIONS_REQUEST_BODY_SIZE_LIMIT", "APPLICATIONINSIGHTS_CONNECTION_STRING", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        return keys.Select(EnvironmentName).ToArray();
    }

    private static void Options(Type type, string prefix, List<string> keys)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"{prefix}:{property.Name}";
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string))
            {
                Options(property.PropertyType, key, keys);
            }
            else
            {
                keys.Add(key);
            }
        }
    }

    /// <summary><c>10.0</c> for <c>net10.0</c>, from Directory.Build.props.</summary>
    private static string TargetFrameworkVersion() =>
        System.Xml.Linq.XDocument.Load(RepositoryRoot.Combine("Directory.Build.props")).Descendants("TargetFramework").Single().Value.Trim()["net".Length..];

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string? Literal(JsonObject settings, string key) => settings[key]?.GetValue<string>();

    private static IEnumerable<JsonNode> Resources(JsonNode resources) => resources switch
    {
        JsonArray array => array.Select(r => r!),
        JsonObject map => map.Select(kv => kv.Value!),
        _ => [],
    };

    /// <summary><c>infra/main.bicep</c> built once for the class (<c>bicep build --stdout</c>).</summary>
    public sealed class CompiledTemplate : IAsyncLifetime
    {
        public BicepCli.Result Build { get; private set; } = new(-1, "", "");

        public JsonObject Json { get; private set; } = [];

        /// <summary>The function app's settings: the <c>appSettings</c> parameter of the <c>api</c> module.</summary>
        public JsonObject AppSettings => Module("api")["properties"]!["parameters"]!["appSettings"]!["value"]!.AsObject();

        public async Task InitializeAsync()
        {
            Build = await BicepCli.RunAsync("build", MainTemplate, "--stdout");
            if (Build.ExitCode == 0)
            {
                Json = JsonNode.Parse(Build.Output)!.AsObject();
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        /// <summary>The nested deployment of the module named <paramref name="name"/>.</summary>
        public JsonNode Module(string name)
        {
            Assert.True(Build.ExitCode == 0, Build.ToString());
            return Resources(Json["resources"]!).Single(r =>
                r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]?.GetValue<string>() == name);
        }
    }
}
