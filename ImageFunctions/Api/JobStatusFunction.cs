using ImageFunctions.Api.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>GET /status-job/{job_id}</c>: the job's status document.</summary>
public sealed class JobStatusFunction(JobStatusReader reader)
{
    [Function("GetJobStatus")]
    public async Task<IResult> GetJobStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status-job/{jobId}")] HttpRequest req,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var status = await reader.ReadAsync(jobId, client, cancellationToken);
        if (status is null)
        {
            return Problems.NotFound($"No job '{jobId}'.");
        }

        req.HttpContext.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(status);
    }
}
