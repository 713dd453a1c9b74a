using ImageFunctions.Api.OpenApi;
using ImageFunctions.Api.Results;
using ImageFunctions.Settings;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api;

/// <summary><c>GET /images/{job_id}/{filename}</c>: one processed image, streamed with ETag and cache headers.</summary>
public sealed class GetImageFunction(IImageStore store, BackendDeadline deadline, IOptions<ImageFunctionsOptions> options)
{
    /// <summary>Results never change once written; only the job id's holder should cache them.</summary>
    private const string CacheControl = "private, max-age=86400, immutable";
    private readonly string _processed = options.Value.Storage.ProcessedContainer;

    [Function("GetImage")]
    [OpenApiOperation(OpenApiTags.Jobs, "Get one processed image", "Streams one output image of a job.")]
    [OpenApiResponse(200, "The image.", ContentType = "image/*")]
    [OpenApiResponse(304, "Not modified (the `If-None-Match` entity tag matches).")]
    [OpenApiHeader("ETag", "Entity tag of the image.", 200, 304)]
    [OpenApiHeader("Cache-Control", "`" + CacheControl + "`", 200, 304)]
    [OpenApiHeader("Last-Modified", "When the image was written.", 200, 304)]
    [OpenApiProblem(400, "The file name is not " + FileNames.Rule + ".")]
    [OpenApiProblem(404, "No such job or image.")]
    [OpenApiProblem(500, OpenApiFaults.Unexpected)]
    [OpenApiProblem(503, OpenApiFaults.Unavailable)]
    [OpenApiHeader("Retry-After", OpenApiFaults.RetryAfter, 503)]
    public async Task<IResult> GetImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "images/{jobId}/{filename}")] HttpRequest req,
        string jobId,
        string filename,
        CancellationToken cancellationToken)
    {
        if (!FileNames.IsPlain(filename))
        {
            return Problems.BadRequest($"The file name must be {FileNames.Rule}.");
        }

        var stored = JobIds.IsValid(jobId)
            ? await deadline.RunAsync(ct => store.OpenReadAsync(_processed, JobBlobNames.Processed(jobId, filename), ct), cancellationToken)
            : null;
        return stored is null
            ? Problems.NotFound($"No image '{filename}' in job '{jobId}'.")
            : new StoredObjectResult(stored, CacheControl);
    }
}
