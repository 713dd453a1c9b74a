using System.Text.Json;
using ImageFunctions.Api;
using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The build's <c>functions.metadata</c> (what the Functions host indexes) and <c>host.json</c> match the contract.</summary>
public sealed class ContractTests
{
    private static readonly string OutputFolder = Path.GetDirectoryName(typeof(SubmitJobFunction).Assembly.Location)!;

    public static TheoryData<string, string, string, string> HttpFunctions => new()
    {
        { "SubmitJob", "post", "process-job", "ImageFunctions.Api.SubmitJobFunction.SubmitJob" },
        { "GetJobStatus", "get", "status-job/{jobId}", "ImageFunctions.Api.JobStatusFunction.GetJobStatus" },
        { "DownloadJob", "get", "download/{jobId}", "ImageFunctions.Api.DownloadJobFunction.DownloadJob" },
        { "GetImage", "get", "images/{jobId}/{filename}", "ImageFunctions.Api.GetImageFunction.GetImage" },
        { "ListFilters", "get", "filters", "ImageFunctions.Api.FiltersFunction.ListFilters" },
        { "Health", "get", "health", "ImageFunctions.Api.HealthFunction.Health" },
        { "DeleteJob", "delete", "delete-job/{jobId}", "ImageFunctions.Api.DeleteJobFunction.DeleteJob" },
        { "Limits", "get", "limits", "ImageFunctions.Api.LimitsFunction.Limits" },
        { "WebPage", "get", "{page:maxlength(0)?}", "ImageFunctions.Api.Page.WebPageFunction.WebPage" },
        { "WebPageFile", "get", "page/{file}", "ImageFunctions.Api.Page.WebPageFunction.WebPageFile" },
    };

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void FunctionsMetadata_HttpFunction_HasRouteMethodAndAnonymousAuth(string name, string method, string route, string entryPoint)
    {
        var function = Function(name);

        Assert.Equal(entryPoint, function.GetProperty("entryPoint").GetString());
        Assert.Equal("ImageFunctions.dll", function.GetProperty("scriptFile").GetString());
        var trigger = Assert.Single(Bindings(function), b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("In", trigger.GetProperty("direction").GetString(), ignoreCase: true);
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.Single(Bindings(function), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Theory]
    [InlineData("SubmitJob")]
    [InlineData("GetJobStatus")]
    [InlineData("DownloadJob")]
    [InlineData("Health")]
    [InlineData("DeleteJob")]
    public void FunctionsMetadata_FunctionUsingDurable_HasDurableClientBinding(string name)
    {
        Assert.Single(Bindings(Function(name)), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData("ProcessJob", "orchestrationTrigger", "ImageFunctions.Jobs.ProcessJobOrchestrator.ProcessJob")]
    [InlineData("ProcessImage", "activityTrigger", "ImageFunctions.Jobs.ProcessImageActivity.ProcessImage")]
    [InlineData("NotifyJob", "activityTrigger", "ImageFunctions.Api.Notifications.NotifyJobActivity.NotifyJob")]
    [InlineData("NotifyJobCancelled", "orchestrationTrigger", "ImageFunctions.Jobs.Notifications.NotifyJobCancelledOrchestrator.NotifyJobCancelled")]
    public void FunctionsMetadata_DurableFunction_HasItsTrigger(string name, string triggerType, string entryPoint)
    {
        var function = Function(name);

        Assert.Equal(entryPoint, function.GetProperty("entryPoint").GetString());
        var triggers = Bindings(function).Where(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal)).ToList();
        Assert.Equal(triggerType, Assert.Single(triggers).GetProperty("type").GetString());
    }

    [Fact]
    public void FunctionsMetadata_EveryHttpTrigger_IsAnonymousWithUniqueRoute()
    {
        var triggers = Metadata()
            .SelectMany(f => Bindings(f).Where(b => b.GetProperty("type").GetString() == "httpTrigger").Select(b => (Name: f.GetProperty("name").GetString(), Binding: b)))
            .ToList();

        Assert.True(triggers.Count >= HttpFunctions.Count(), $"only {triggers.Count} HTTP triggers");
        Assert.All(triggers, t => Assert.True(
            string.Equals(t.Binding.GetProperty("authLevel").GetString(), "anonymous", StringComparison.OrdinalIgnoreCase),
            $"{t.Name} has authLevel {t.Binding.GetProperty("authLevel")}"));
        var routes = triggers.Select(t => t.Binding.GetProperty("route").GetString()).ToList();
        Assert.Equal(routes.Count, routes.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.DoesNotContain(routes, r => r!.StartsWith("api/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void FunctionsMetadata_FunctionNames_AreUnique()
    {
        var names = Metadata().Select(f => f.GetProperty("name").GetString()).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Theory]
    [MemberData(nameof(HostJsonFiles))]
    public void HostJson_HasEmptyRoutePrefixAndDurableHubName(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var extensions = document.RootElement.GetProperty("extensions");

        Assert.Equal("2.0", document.RootElement.GetProperty("version").GetString());
        Assert.Equal(string.Empty, extensions.GetProperty("http").GetProperty("routePrefix").GetString());
        var hubName = extensions.GetProperty("durableTask").GetProperty("hubName").GetString();
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hubName);
    }

    public static TheoryData<string> HostJsonFiles => new()
    {
        RepositoryRoot.Combine("ImageFunctions", "host.json"),
        Path.Combine(OutputFolder, "host.json"),
    };

    private static List<JsonElement> Metadata()
    {
        var path = Path.Combine(OutputFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions worker SDK writes it next to ImageFunctions.dll when the app builds.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static JsonElement Function(string name)
    {
        var matches = Metadata().Where(f => f.GetProperty("name").GetString() == name).ToList();
        Assert.True(matches.Count == 1, $"functions.metadata has {matches.Count} functions named {name}.");
        return matches[0];
    }

    private static IEnumerable<JsonElement> Bindings(JsonElement function) => function.GetProperty("bindings").EnumerateArray();
}
