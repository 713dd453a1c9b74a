using ImageFunctions.Api.OpenApi;
using ImageFunctions.Api.Results;
using ImageFunctions.Api.Status;
using ImageFunctions.Settings;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api;

/// <summary><c>GET /download/{job_id}</c>: a ZIP of every successful image, streamed from storage. 409 until every image is ready.</summary>
public sealed class DownloadJobFunction(JobStatusReader reader, IImageStore store, BackendDeadline deadline, IOptions<ImageFunctionsOptions> options)
{
    private const int RetryAfterSeconds = 2;
    private readonly string _processed = options.Value.Storage.ProcessedContainer;

    [Function("DownloadJob")]
    [OpenApiOperation(OpenApiTags.Jobs, "Download a job's images as a ZIP",
        "Streams the ZIP of every successfully processed image; when some images failed it holds the others.")]
    [OpenApiResponse(200, "The ZIP archive.", ContentType = "application/zip")]
    [OpenApiHeader("Content-Disposition", "`attachment; filename={job_id}.zip`", 200)]
    [OpenApiHeader("Cache-Control", "`private, no-cache`", 200)]
    [OpenApiProblem(404, "No such job.")]
    [OpenApiProblem(409, "The job is still running.")]
    [OpenApiProblem(500, OpenApiFaults.Unexpected)]
    [OpenApiProblem(503, OpenApiFaults.Unavailable)]
    [OpenApiHeader("Retry-After", "Seconds to wait before asking again.", 409, 503)]
    public async Task<IResult> DownloadJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "download/{jobId}")] HttpRequest req,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var view = await deadline.RunAsync(ct => reader.ReadViewAsync(jobId, client, ct), cancellationToken);
        if (view is null)
        {
            return Problems.NotFound($"No job '{jobId}'.");
        }

        // The same rule as the status document's all_ready, so a client that polls until all_ready never gets a 409.
        if (!view.Status.AllReady)
        {
            req.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status409Conflict, "Job still running", $"Job '{jobId}' has not finished yet; poll {ApiRoutes.Status(jobId)}.");
        }

        var entries = view.Spec.Images.Zip(view.Status.Results)
            .Where(pair => pair.Second.Successful)
            .Select(pair => new ZipEntrySource(JobBlobNames.Processed(jobId, pair.First.OutputName), pair.First.OutputName))
            .ToList();
        return new ZipArchiveResult(store, _processed, entries, $"{jobId}.zip", deadline);
    }
}
