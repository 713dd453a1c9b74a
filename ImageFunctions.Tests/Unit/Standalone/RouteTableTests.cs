using System.Text.Json;
using ImageFunctions.Functions;
using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>The standalone host serves exactly the routes the Functions host serves, as the SDK wrote them into functions.metadata.</summary>
public sealed class RouteTableTests
{
    [Fact]
    public void RouteTable_AppFunctions_EqualsFunctionsMetadata()
    {
        var appAssembly = typeof(StandaloneHost).Assembly;
        var hostJson = HostJsonSettings.Load(HostJsonSettings.Locate(appAssembly.Location, AppContext.BaseDirectory));
        var catalog = FunctionCatalog.App;

        var standalone = HttpFunctionEndpoints.RouteTable(catalog.Http, hostJson.RoutePrefix)
            .Select(e => $"{e.Method} {e.Path} ({e.FunctionName})")
            .ToArray();
        var metadata = FromFunctionsMetadata(FunctionsMetadata.Locate(), hostJson.RoutePrefix);

        Assert.NotEmpty(metadata);
        Assert.Equal(metadata, standalone);
    }

    [Fact]
    public void Catalog_AppFunctions_HasTheDurableFunctionsOfFunctionsMetadata()
    {
        var catalog = FunctionCatalog.App;
        using var document = JsonDocument.Parse(File.ReadAllText(FunctionsMetadata.Locate()));

        string[] Named(string trigger) => document.RootElement.EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == trigger))
            .Select(f => f.GetProperty("name").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(Named("orchestrationTrigger"), catalog.Orchestrators.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Named("activityTrigger"), catalog.Activities.Select(a => a.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Named("timerTrigger"), catalog.Timers.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void HostJson_App_HasEmptyRoutePrefixAndExplicitHub()
    {
        var hostJson = HostJsonSettings.Load(HostJsonSettings.Locate(typeof(StandaloneHost).Assembly.Location, AppContext.BaseDirectory));

        Assert.Equal("", hostJson.RoutePrefix);
        Assert.NotEqual(HostJsonSettings.Default.HubName, hostJson.HubName);
    }

    private static string[] FromFunctionsMetadata(string path, string routePrefix)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var rows = new List<(string Method, string Path, string Name)>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger")
                {
                    continue;
                }

                var route = binding.TryGetProperty("route", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : name;
                var methods = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array && m.GetArrayLength() > 0
                    ? m.EnumerateArray().Select(x => x.GetString()!.ToUpperInvariant()).ToArray()
                    : [HttpFunctionEndpoints.AnyMethod];
                rows.AddRange(methods.Select(method => (method, HttpFunctionEndpoints.Path(routePrefix, route), name)));
            }
        }

        return rows
            .OrderBy(x => x.Path, StringComparer.Ordinal)
            .ThenBy(x => x.Method, StringComparer.Ordinal)
            .Select(x => $"{x.Method} {x.Path} ({x.Name})")
            .ToArray();
    }

    [Theory]
    [InlineData("{page:maxlength(0)?}", "/")]
    [InlineData("{page:maxLength( 0 )?}", "/")]
    [InlineData("{page?}", "/{page?}")]
    [InlineData("{page:maxlength(0)}", "/{page:maxlength(0)}")]
    [InlineData("page/{file}", "/page/{file}")]
    public void Path_EmptyOnlyParameter_IsTheRoot(string route, string path) =>
        Assert.Equal(path, HttpFunctionEndpoints.Path("", route));
}

/// <summary>Finds the functions.metadata the Functions SDK generated when it built the app.</summary>
internal static class FunctionsMetadata
{
    public static string Locate()
    {
        // Beside the app assembly (when copied), else in the app project's own output folder for this configuration.
        var beside = Path.Combine(Path.GetDirectoryName(typeof(StandaloneHost).Assembly.Location)!, "functions.metadata");
        if (File.Exists(beside))
        {
            return beside;
        }

        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;             // net10.0
        var configuration = testOutput.Parent!.Name; // Debug / Release
        var candidate = Path.Combine(Infrastructure.RepositoryRoot.Combine("ImageFunctions", "bin", configuration, framework), "functions.metadata");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"functions.metadata was not found beside the app or at {candidate}; build ImageFunctions first.");
    }
}
