using System.Text.Json;
using ImageFunctions.Api;

namespace ImageFunctions.Tests.Unit.Contract;

/// <summary>
/// What the Functions host reads from the build (<c>functions.metadata</c>, <c>extensions.json</c>) holds routes it can serve
/// as we mean them: no route takes another's requests, none collides with the host's own <c>admin/</c> and <c>runtime/</c>
/// endpoints, every trigger names its methods and is anonymous, and the Durable extension is loaded.
/// </summary>
public sealed class HostRouteContractTests
{
    private static readonly string OutputFolder = Path.GetDirectoryName(typeof(SubmitJobFunction).Assembly.Location)!;

    private static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase) { "get", "post", "put", "patch", "delete", "head", "options" };

    [Fact]
    public void Routes_NoneShadowsAnother()
    {
        var routes = HttpTriggers().Select(t => t.Route).ToArray();

        Assert.True(routes.Length >= 9, $"only {routes.Length} HTTP routes in functions.metadata");
        var conflicts = RouteShadowing.Conflicts(routes);
        Assert.True(conflicts.Count == 0, string.Join("\n", conflicts));
    }

    [Fact]
    public void Routes_AvoidTheHostsReservedPrefixes()
    {
        // The host serves /admin/... (keys, status, functions) and /runtime/webhooks/... (Durable, Event Grid) itself.
        Assert.All(HttpTriggers(), t => Assert.False(
            IsReserved(t.Route), $"{t.Name}: route '{t.Route}' starts with a prefix the Functions host keeps for itself"));
    }

    [Fact]
    public void Triggers_NameTheirMethodsAndAreAnonymous()
    {
        Assert.All(HttpTriggers(), t =>
        {
            // No methods means "any method" to the host; our OpenAPI document and tests want each operation named.
            Assert.True(t.Methods.Length > 0, $"{t.Name} accepts any method");
            Assert.All(t.Methods, m => Assert.True(HttpMethods.Contains(m), $"{t.Name}: unknown method '{m}'"));
            Assert.Equal("anonymous", t.AuthLevel, ignoreCase: true);
        });
    }

    [Fact]
    public void ExtensionsJson_LoadsTheDurableExtension()
    {
        var path = Path.Combine(OutputFolder, "extensions.json");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions worker SDK writes it when the app builds.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));

        var extensions = document.RootElement.GetProperty("extensions").EnumerateArray().ToArray();
        var durable = Assert.Single(extensions, e => e.GetProperty("name").GetString() == "DurableTask");
        Assert.StartsWith("Microsoft.Azure.WebJobs.Extensions.DurableTask.", durable.GetProperty("typeName").GetString(), StringComparison.Ordinal);
        var hintPath = durable.GetProperty("hintPath").GetString()!;
        Assert.True(File.Exists(Path.Combine(OutputFolder, hintPath)), $"extensions.json points at {hintPath}, which the build did not write");
    }

    // The checker itself, on routes whose answer is known.
    [Theory]
    [InlineData("docs", "docs/{*asset}", true)]            // the catch-all matches /docs itself
    [InlineData("docs", "docs/{asset}", false)]
    [InlineData("docs", "docs/{asset?}", true)]
    [InlineData("filters", "{page?}", true)]
    [InlineData("filters", "{page:maxlength(0)?}", false)]  // the empty-only parameter matches nothing but /
    [InlineData("status-job/{jobId}", "images/{jobId}/{filename}", false)]
    [InlineData("images/{jobId}/{filename}", "images/{jobId}/{*rest}", true)]
    [InlineData("openapi.json", "{file}.json", true)]
    [InlineData("items/{id:int}", "items/new", false)]
    public void Conflicts_FindsRoutesThatCanMatchTheSamePath(string first, string second, bool conflict)
    {
        Assert.Equal(conflict, RouteShadowing.Conflicts([first, second]).Count > 0);
    }

    [Theory]
    [InlineData("admin/functions", true)]
    [InlineData("Admin", true)]
    [InlineData("runtime/webhooks/durabletask", true)]
    [InlineData("administration", false)]
    [InlineData("docs", false)]
    public void IsReserved_MatchesWholeFirstSegments(string route, bool reserved) => Assert.Equal(reserved, IsReserved(route));

    private static bool IsReserved(string route)
    {
        var first = route.TrimStart('/').Split('/')[0];
        return first.Equals("admin", StringComparison.OrdinalIgnoreCase) || first.Equals("runtime", StringComparison.OrdinalIgnoreCase);
    }

    private sealed record HttpTrigger(string Name, string Route, string[] Methods, string AuthLevel);

    private static List<HttpTrigger> HttpTriggers()
    {
        var path = Path.Combine(OutputFolder, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the Functions worker SDK writes it next to ImageFunctions.dll when the app builds.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => new HttpTrigger(
                    f.GetProperty("name").GetString()!,
                    b.GetProperty("route").GetString()!,
                    b.TryGetProperty("methods", out var methods) && methods.ValueKind == JsonValueKind.Array
                        ? methods.EnumerateArray().Select(m => m.GetString()!).ToArray()
                        : [],
                    b.GetProperty("authLevel").GetString()!)))
            .ToList();
    }
}
