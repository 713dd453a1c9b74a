using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Tests.Standalone.Unsupported;

// Never hosted: the catalog must refuse these at start-up.

public static class UnboundParameterFunction
{
    [Function("Unbound")]
    public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "x/{id}")] HttpRequest req, int notARouteValue) =>
        Results.Ok(notARouteValue);
}

/// <summary>Stands in for a trigger the standalone host does not know (e.g. a queue trigger).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class SomeQueueTriggerAttribute : Attribute;

public static class QueueFunction
{
    [Function("Queued")]
    public static void Run([SomeQueueTrigger] string message) => _ = message;
}
