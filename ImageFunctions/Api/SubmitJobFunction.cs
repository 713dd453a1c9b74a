using ImageFunctions.Api.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>POST /process-job</c>: upload images, pick a filter, get a job id at once (202).</summary>
public sealed class SubmitJobFunction(JobSubmissionHandler handler)
{
    [Function("SubmitJob")]
    public async Task<IResult> SubmitJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "process-job")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        try
        {
            var accepted = await handler.SubmitAsync(req, client, cancellationToken);
            return TypedResults.Accepted(accepted.StatusUrl, accepted);
        }
        catch (ApiProblemException problem)
        {
            return Problems.From(problem);
        }
    }
}
