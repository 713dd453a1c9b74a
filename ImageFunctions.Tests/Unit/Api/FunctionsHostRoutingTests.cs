using System.Text.Json;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Unit.Standalone;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>
/// The Functions host's router over the build's <c>functions.metadata</c>, rebuilt as the host builds it
/// (azure-webjobs-sdk-extensions, <c>WebJobsRouteBuilder.MapFunctionRoute</c>; azure-functions-host,
/// <c>WebScriptHostHttpRoutesManager</c>): one ASP.NET Core <see cref="Route"/> per httpTrigger, its template
/// <c>{routePrefix}/{route}</c> (the route alone when the prefix is empty), an <see cref="HttpMethodRouteConstraint"/>, all
/// in one <see cref="RouteCollection"/> in the order of the host's function list (by name, ignoring case,
/// <c>FunctionMetadataManager</c>) where the first match wins. The web page's route must take <c>/</c> and nothing else,
/// wherever it stands in that list.
/// </summary>
public sealed class FunctionsHostRoutingTests
{
    private const string FunctionNameToken = "AZUREWEBJOBS_FUNCTIONNAME";

    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddRouting().BuildServiceProvider();

    private static readonly Lazy<IReadOnlyList<HttpTrigger>> Triggers = new(ReadTriggers);

    /// <summary>The page's route first (it must shadow nothing) or last (nothing must shadow it); the others in the host's order.</summary>
    public static TheoryData<bool> PageFirst => new() { true, false };

    [Theory]
    [MemberData(nameof(PageFirst))]
    public async Task Root_Get_IsTheWebPage(bool pageFirst)
    {
        Assert.Equal("WebPage", await RouteAsync(Router(pageFirst), "GET", "/"));
    }

    [Theory]
    [MemberData(nameof(PageFirst))]
    public async Task EveryRoute_ASamplePath_ReachesItsOwnFunction(bool pageFirst)
    {
        var router = Router(pageFirst);

        foreach (var trigger in Triggers.Value)
        {
            var path = SamplePath(trigger.Route);
            foreach (var method in trigger.Methods)
            {
                Assert.True(
                    await RouteAsync(router, method.ToUpperInvariant(), path) == trigger.Name,
                    $"{method} {path} does not reach {trigger.Name} (route '{trigger.Route}').");
            }
        }
    }

    [Theory]
    [InlineData("GET", "/index.html")]
    [InlineData("GET", "/x")]
    [InlineData("GET", "/page")]
    [InlineData("POST", "/")]
    [InlineData("DELETE", "/")]
    public async Task PathOfNoFunction_MatchesNoRoute(string method, string path)
    {
        // The host answers these itself (its home page, or 204 with AzureWebJobsDisableHomepage=true; 404 otherwise).
        Assert.Null(await RouteAsync(Router(pageFirst: true), method, path));
        Assert.Null(await RouteAsync(Router(pageFirst: false), method, path));
    }

    [Fact]
    public void Metadata_HasThePageRoute()
    {
        Assert.Contains(Triggers.Value, t => t is { Name: "WebPage", Route: "{page:maxlength(0)?}" });
    }

    private static IRouter Router(bool pageFirst)
    {
        var prefix = HostJsonSettings.Load(HostJsonSettings.Locate(typeof(StandaloneHost).Assembly.Location, AppContext.BaseDirectory)).RoutePrefix;
        var resolver = Services.GetRequiredService<IInlineConstraintResolver>();
        var ordered = Triggers.Value.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var page = ordered.Single(t => t.Name == "WebPage");
        ordered.Remove(page);
        ordered.Insert(pageFirst ? 0 : ordered.Count, page);

        var routes = new RouteCollection();
        foreach (var trigger in ordered)
        {
            routes.Add(new Route(
                new RouteHandler(_ => Task.CompletedTask),
                trigger.Name,
                string.IsNullOrEmpty(prefix) ? trigger.Route : prefix + "/" + trigger.Route,
                new RouteValueDictionary(),
                new Dictionary<string, object> { ["httpMethod"] = new HttpMethodRouteConstraint(trigger.Methods) },
                new RouteValueDictionary { [FunctionNameToken] = trigger.Name },
                resolver));
        }

        return routes;
    }

    private static async Task<string?> RouteAsync(IRouter router, string method, string path)
    {
        var http = new DefaultHttpContext { RequestServices = Services };
        http.Request.Method = method;
        http.Request.Path = path;
        var context = new RouteContext(http);

        await router.RouteAsync(context);

        return context.Handler is null ? null : (string?)context.RouteData.DataTokens[FunctionNameToken];
    }

    /// <summary>A path the route takes: each parameter filled with <c>x</c>, the empty-only one left empty.</summary>
    private static string SamplePath(string route) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(route, @"\{[A-Za-z0-9_]+:maxlength\(0\)\?\}", ""),
            @"\{[^}]+\}",
            "x");

    private static List<HttpTrigger> ReadTriggers()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(FunctionsMetadata.Locate()));
        return document.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => new HttpTrigger(
                    f.GetProperty("name").GetString()!,
                    b.GetProperty("route").GetString()!,
                    [.. b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!)])))
            .ToList();
    }

    private sealed record HttpTrigger(string Name, string Route, string[] Methods);
}
