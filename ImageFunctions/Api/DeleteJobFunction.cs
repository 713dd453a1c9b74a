using ImageFunctions.Api.OpenApi;
using ImageFunctions.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>DELETE /delete-job/{job_id}</c>: cancels a running job and deletes everything of it.</summary>
public sealed class DeleteJobFunction(JobDeleter deleter)
{
    [Function("DeleteJob")]
    [OpenApiOperation(OpenApiTags.Jobs, "Cancel and delete a job",
        "Stops the job's work (images in progress stop at their next stage, the rest never start) and deletes its uploads, "
        + "results, live state and Durable record. Afterwards the job's status, download and images answer 404. "
        + "Deleting again is harmless: the job is then unknown (404).")]
    [OpenApiResponse(202, "The job was running: its work is stopped and everything of it deleted.")]
    [OpenApiResponse(204, "The job had ended: everything of it is deleted.")]
    [OpenApiProblem(404, "No such job, or it was deleted before.")]
    [OpenApiProblem(500, OpenApiFaults.Unexpected)]
    [OpenApiProblem(503, OpenApiFaults.Unavailable + " What was deleted stays deleted; deleting again finishes the rest.")]
    [OpenApiHeader("Retry-After", OpenApiFaults.RetryAfter, 503)]
    public async Task<IResult> DeleteJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "delete-job/{jobId}")] HttpRequest req,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(req);
        return await deleter.DeleteAsync(jobId, client, cancellationToken) switch
        {
            JobDeletion.Cancelled => TypedResults.Accepted((string?)null),
            JobDeletion.Deleted => TypedResults.NoContent(),
            _ => Problems.NotFound($"No job '{jobId}' (or it was deleted before)."),
        };
    }
}
