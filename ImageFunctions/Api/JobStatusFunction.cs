using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Api.Status;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>GET /status-job/{job_id}</c>: the job's status document.</summary>
public sealed class JobStatusFunction(JobStatusReader reader, BackendDeadline deadline)
{
    private const string CacheControl = "no-store";

    [Function("GetJobStatus")]
    [OpenApiOperation(OpenApiTags.Jobs, "Get a job's status",
        "Overall status, counts and one entry per image. `all_ready` is true when every image has finished, "
        + "`all_successful` when every one succeeded.")]
    [OpenApiResponse(200, "The status document.", typeof(JobStatusResponse))]
    [OpenApiHeader("Cache-Control", "`" + CacheControl + "`: the status changes while the job runs.", 200)]
    [OpenApiProblem(404, "No such job.")]
    [OpenApiProblem(500, OpenApiFaults.Unexpected)]
    [OpenApiProblem(503, OpenApiFaults.Unavailable)]
    [OpenApiHeader("Retry-After", OpenApiFaults.RetryAfter, 503)]
    public async Task<IResult> GetJobStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status-job/{jobId}")] HttpRequest req,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var status = await deadline.RunAsync(ct => reader.ReadAsync(jobId, client, ct), cancellationToken);
        if (status is null)
        {
            return Problems.NotFound($"No job '{jobId}'.");
        }

        req.HttpContext.Response.Headers.CacheControl = CacheControl;
        return TypedResults.Ok(status);
    }
}
