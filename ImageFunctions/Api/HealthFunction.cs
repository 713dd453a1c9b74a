using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Jobs;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>GET /health</c>: checks storage, Redis and Durable; 200 when all answer, 503 otherwise.</summary>
public sealed class HealthFunction(IImageStore store, IJobStateStore state, BackendSelection backends)
{
    private const string CacheControl = "no-store";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

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
        var checks = new Dictionary<string, HealthCheckResult>
        {
            ["storage"] = await CheckAsync(backends.Storage, store.CheckHealthAsync, cancellationToken),
            ["redis"] = await CheckAsync(backends.State, state.CheckHealthAsync, cancellationToken),
            ["durable"] = await CheckAsync(backends.Durable, ct => client.GetInstanceAsync("health-probe", ct), cancellationToken),
        };
        var healthy = checks.Values.All(c => c.Status == "healthy");
        var body = new HealthResponse(healthy ? "healthy" : "unhealthy", checks);
        req.HttpContext.Response.Headers.CacheControl = CacheControl;
        return healthy ? TypedResults.Ok(body) : TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<HealthCheckResult> CheckAsync(string backend, Func<CancellationToken, Task> check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            await check(timeout.Token).WaitAsync(timeout.Token);
            return new HealthCheckResult("healthy", backend, null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult("unhealthy", backend, ex.Message);
        }
    }
}
