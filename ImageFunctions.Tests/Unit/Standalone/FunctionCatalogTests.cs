using ImageFunctions.Functions;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Tests.Unit.Standalone;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void App_EveryTriggerKind_IsReadFromTheAttributes()
    {
        var catalog = FunctionCatalog.App;

        Assert.Equal(["NotifyJobCancelled", "ProcessJob"], catalog.Orchestrators.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            [("NotifyJob", typeof(JobNotification)), ("ProcessImage", typeof(ImageTask))],
            catalog.Activities.Select(a => (a.Name, a.InputType)).OrderBy(a => a.Name, StringComparer.Ordinal));
        var timer = Assert.Single(catalog.Timers);
        Assert.Equal(("PurgeExpiredJobs", "0 17 * * * *"), (timer.Name, timer.Schedule));
        var submit = Assert.Single(catalog.Http, f => f.Name == "SubmitJob");
        Assert.Equal(["POST"], submit.Methods);
        Assert.Equal("process-job", submit.Route);
    }

    [Fact]
    public void FromTypes_NoMethodsNoRoute_AnyMethodOnTheFunctionName()
    {
        var function = Assert.Single(FunctionCatalog.FromTypes([typeof(AnyMethodFunction)]).Http);

        Assert.Empty(function.Methods);
        Assert.Equal("AnyMethod", function.Route);
    }

    [Fact]
    public void Create_ParameterThatCannotBeBound_ThrowsNamingFunctionAndParameter()
    {
        var function = Assert.Single(FunctionCatalog.FromTypes([typeof(UnboundParameterFunction)]).All);

        var ex = Assert.Throws<InvalidOperationException>(() => FunctionMethod.Create(function));

        Assert.Contains("'Unbound'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("notARouteValue", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_UnknownTrigger_ThrowsNamingTrigger()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(QueueFunction)]));

        Assert.Contains("SomeQueueTriggerAttribute", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromTypes_TwoFunctionsOfOneName_Throws()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => FunctionCatalog.FromTypes([typeof(AnyMethodFunction), typeof(AnyMethodTwin)]));

        Assert.Contains("'AnyMethod'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "docs", "/docs")]
    [InlineData("api", "status-job/{jobId}", "/api/status-job/{jobId}")]
    [InlineData("/api/", "/x/", "/api/x")]
    [InlineData("", "", "/")]
    public void Path_PrefixAndRoute_JoinsWithSingleSlashes(string prefix, string route, string expected) =>
        Assert.Equal(expected, HttpFunctionEndpoints.Path(prefix, route));

    private static class AnyMethodFunction
    {
        [Function("AnyMethod")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest req) => Results.Ok();
    }

    private static class AnyMethodTwin
    {
        [Function("AnyMethod")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest req) => Results.Ok();
    }

    private static class UnboundParameterFunction
    {
        [Function("Unbound")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "x/{id}")] HttpRequest req, int notARouteValue) =>
            Results.Ok(notARouteValue);
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    private sealed class SomeQueueTriggerAttribute : Attribute;

    private static class QueueFunction
    {
        [Function("Queued")]
        public static void Run([SomeQueueTrigger] string message) => _ = message;
    }
}
