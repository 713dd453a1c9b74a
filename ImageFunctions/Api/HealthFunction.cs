using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Jobs;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Api;

/// <summary>
/// <c>GET /health</c>: checks storage, Redis and Durable; 200 when all answer, 503 otherwise. The answer names each
/// component's state only: why a check failed (endpoints, client names, the runtime's counters) goes to the log.
/// </summary>
public sealed class HealthFunction(
    IImageStore store, IJobStateStore state, BackendSelection backends, BackendDeadline deadline, ILogger<HealthFunction> logger)
{
    private const string CacheControl = "no-store";

    [Function("Health")]
    [OpenApiOperation(OpenApiTags.Service, "Check the service's health", "Checks the image store, Redis and Durable reachability.")]
    [OpenApiResponse(200, "Every check is healthy.", typeof(HealthResponse))]
    [OpenApiResponse(503, "At least one check failed.", typeof(HealthResponse))]
    [OpenApiHeader("Cache-Control", "`" + CacheControl + "`", 200, 503)]
    public async Task<IResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // Side by side, each bounded by the request deadline: a health check answers within one deadline whatever is down.
        var storage = CheckAsync("storage", backends.Storage, store.CheckHealthAsync, cancellationToken);
        var redis = CheckAsync("redis", backends.State, state.CheckHealthAsync, cancellationToken);
        var durable = CheckAsync("durable", backends.Durable, ct => client.GetInstanceAsync("health-probe", ct), cancellationToken);
        var checks = new Dictionary<string, HealthCheckResult>
        {
            ["storage"] = await storage,
            ["redis"] = await redis,
            ["durable"] = await durable,
        };
        var healthy = checks.Values.All(c => c.Status == "healthy");
        var body = new HealthResponse(healthy ? "healthy" : "unhealthy", checks);
        req.HttpContext.Response.Headers.CacheControl = CacheControl;
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<HealthCheckResult> CheckAsync(string component, string backend, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        try
        {
            await deadline.RunAsync(check, cancellationToken);
            return new HealthCheckResult("healthy", backend);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Health check of {Component} ({Backend}) failed.", component, backend);
            return new HealthCheckResult("unhealthy", backend);
        }
    }
}
