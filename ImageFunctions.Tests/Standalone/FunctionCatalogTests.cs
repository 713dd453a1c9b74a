using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Standalone.Samples;
using ImageFunctions.Tests.Standalone.Unsupported;

namespace ImageFunctions.Tests.Standalone;

public sealed class FunctionCatalogTests
{
    private static readonly Type[] _sampleTypes =
        [typeof(SampleHttpFunctions), typeof(SampleOrchestrations), typeof(SampleActivities), typeof(SampleTimers)];

    [Fact]
    public void FromTypes_SampleFunctions_SortsEveryTriggerKind()
    {
        var catalog = FunctionCatalog.FromTypes(_sampleTypes);

        Assert.Equal(
            ["SampleAnyMethod", "SampleEcho", "SampleFail", "SampleFanOutStart", "SampleHello"],
            catalog.Http.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["SampleFanOut"], catalog.Orchestrators.Select(f => f.Name));
        Assert.Equal(["SampleGreet", "SampleSquare"], catalog.Activities.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(typeof(SquareInput), catalog.Activities.Single(a => a.Name == "SampleSquare").InputType);
        Assert.Equal("* * * * * *", catalog.Timers.Single().Schedule);
    }

    [Fact]
    public void RouteTable_SampleFunctions_HasMethodsRoutesAndDefaults()
    {
        var catalog = FunctionCatalog.FromTypes(_sampleTypes);

        var table = HttpFunctionEndpoints.RouteTable(catalog.Http, "api").Select(e => $"{e.Method} {e.Path}");

        Assert.Equal(
            [
                "* /api/SampleAnyMethod",
                "POST /api/echo/{*rest}",
                "PUT /api/echo/{*rest}",
                "GET /api/fail",
                "POST /api/fan-out/{count}",
                "GET /api/hello/{name}",
            ],
            table);
    }

    [Fact]
    public void FromTypes_ParameterThatCannotBeBound_ThrowsNamingFunctionAndParameter()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(UnboundParameterFunction)]));

        Assert.Contains("'Unbound'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("notARouteValue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_UnknownTrigger_ThrowsNamingTrigger()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(QueueFunction)]));

        Assert.Contains("SomeQueueTriggerAttribute", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "docs", "/docs")]
    [InlineData("api", "status-job/{jobId}", "/api/status-job/{jobId}")]
    [InlineData("/api/", "/x/", "/api/x")]
    [InlineData("", "", "/")]
    public void Path_PrefixAndRoute_JoinsWithSingleSlashes(string prefix, string route, string expected) =>
        Assert.Equal(expected, HttpFunctionEndpoints.Path(prefix, route));
}
