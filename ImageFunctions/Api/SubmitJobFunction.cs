using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.Faults;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Api.RateLimiting;
using ImageFunctions.Api.Submission;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api;

/// <summary><c>POST /process-job</c>: upload images, pick a filter, get a job id at once (202).</summary>
public sealed class SubmitJobFunction(SubmissionRateLimiter rateLimiter, JobSubmissionHandler handler)
{
    /// <summary>Sent with a 202 that returns an earlier request's job for the same <c>Idempotency-Key</c>.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    [Function("SubmitJob")]
    [OpenApiOperation(OpenApiTags.Jobs, "Upload images and start a job",
        "Streams every `files` part into storage while checking its size and real format, validates the filter chain, "
        + "then schedules one orchestration for the job. Poll `status_url`, then fetch `download_url`.")]
    [OpenApiQuery("filter",
        "A filter chain applied left to right: names separated by commas, each with optional `:`-separated arguments, "
        + "e.g. `grayscale,edges` or `gaussian_blur:2.5`. Also accepted as a `filter` form field. Filters:",
        Required = true, Source = typeof(FilterChainParameter), FormDescription = "The filter chain, when not given in the query.")]
    [OpenApiQuery("format", "Output format; `original` keeps each image's own format.",
        Source = typeof(OutputFormatParameter), FormDescription = "The output format, when the query has neither `format` nor `quality`.")]
    [OpenApiQuery("quality", "Encoder quality for lossy formats.",
        Source = typeof(QualityParameter), FormDescription = "The quality, when the query has neither `format` nor `quality`.")]
    [OpenApiQuery(JobSubmissionHandler.NotifyUrlField,
        "A URL that receives one POST of the final status document when the job ends (`completed`, `completed_with_errors`, "
        + "`failed` or `cancelled`), signed with HMAC-SHA256 (headers `X-ImageFunctions-Signature`, `X-ImageFunctions-Timestamp`, "
        + "`X-ImageFunctions-Delivery`). `https` only unless the server allows `http`; loopback, private and link-local targets are "
        + "refused unless the server allow-lists them. Up to 5 attempts; the outcome is the status document's `notification`.",
        Source = typeof(NotifyUrlParameter), FormDescription = "The notify URL, when not given in the query.")]
    [OpenApiRequestHeader(IdempotencyKey.HeaderName,
        "Optional, 1 to 255 visible ASCII characters (e.g. a UUID), bare or quoted (IETF httpapi draft \"The Idempotency-Key HTTP Header Field\"). "
        + "The same key with the same request (query `filter`, `format`, `quality`, `notify_url`, the form fields, and every file's name and bytes "
        + "in order) within the retention period returns the first job again: the same 202 body and `Location`, with `Idempotent-Replayed: true`, "
        + "and nothing new is scheduled or kept. The same key with a different request is a 422; while the first request is still being processed, a 409. "
        + "A request that fails frees its key for a retry; deleting the job forgets it.")]
    [OpenApiUpload(MultipartImageReader.FilesField,
        "One or more images, each as a `files` part. The real format is sniffed from the bytes.", "The images, one part each.")]
    [OpenApiResponse(202, "Accepted: the job is scheduled.", typeof(JobAcceptedResponse))]
    [OpenApiHeader("Location", "The job's status URL.", 202)]
    [OpenApiHeader(ReplayedHeader, "`true` when the answer is an earlier request's job, returned again for the same `Idempotency-Key`.", 202)]
    [OpenApiProblem(400, "No files, too many files, an unknown filter or bad arguments (the problem lists `errors` and `valid_filters`), "
        + "a bad format or quality, a refused notify_url, a form field too long, a malformed multipart body, or a malformed `Idempotency-Key` "
        + "(repeated, empty, over 255 characters, or not visible ASCII).")]
    [OpenApiProblem(408, "The upload was too slow: a part took longer than `UploadPartTimeoutSeconds` (default 300), the whole body "
        + "longer than `UploadRequestTimeoutSeconds` (default 3600), or fewer than `UploadMinBytesPerWindow` bytes (default 32 KiB) "
        + "arrived in a window of `UploadRateWindowSeconds` (default 10) after the first. Nothing was kept; the connection is closed.")]
    [OpenApiProblem(409, "A request with the same `Idempotency-Key` is still being processed; nothing was scheduled for this one.")]
    [OpenApiProblem(413, "A file is too large or has too many pixels; the files together have more bytes than `MaxJobBytes` (default 1 GiB) "
        + "or more pixels than `MaxJobPixels` (default 2,000,000,000); or the body is over the server's limit. Reading stops at the "
        + "first part over a limit and nothing is kept.")]
    [OpenApiProblem(415, "The body is not `multipart/form-data`, or a file is not an image format we decode.")]
    [OpenApiProblem(422, "A file is empty, claims an image format but cannot be read, or carries too much metadata "
        + "(more JPEG APP/COM segments or PNG text, EXIF and ICC chunks than `MaxMetadataSegments`, default 64, or more bytes in them than `MaxMetadataBytes`, default 4 MiB); "
        + "or the `Idempotency-Key` was already used for a different request.")]
    [OpenApiProblem(429, "Too many submissions from this client: more than `PermitLimit` (default 60) in a window of "
        + "`WindowSeconds` (default 60 s), counted per client address (an IPv6 client by its /64) before the body is read. "
        + "Nothing was uploaded; try again after `Retry-After` seconds.")]
    [OpenApiHeader("Retry-After", "Seconds until the client's window ends and frees its permits.", 429)]
    [OpenApiProblem(500, OpenApiFaults.Unexpected)]
    [OpenApiProblem(503, "Storage, the scheduler or (for a request with an `Idempotency-Key`) the job state store is unavailable; "
        + "nothing was kept. Try again after `Retry-After` seconds.")]
    [OpenApiHeader("Retry-After", OpenApiFaults.RetryAfter, 503)]
    public async Task<IResult> SubmitJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "process-job")] HttpRequest req,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        // Before the body is read: a limited client gets to upload nothing.
        if (await rateLimiter.CheckAsync(req.HttpContext, cancellationToken) is { } tooMany)
        {
            return tooMany;
        }

        try
        {
            var (accepted, replayed) = await handler.SubmitAsync(req, client, cancellationToken);
            if (replayed)
            {
                req.HttpContext.Response.Headers[ReplayedHeader] = "true";
            }

            return TypedResults.Accepted(accepted.StatusUrl, accepted);
        }
        catch (ApiProblemException problem)
        {
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                UnhandledFaults.SetRetryAfter(req.HttpContext.Response);
            }
            else if (problem.Status == StatusCodes.Status408RequestTimeout)
            {
                // The rest of the body is not worth waiting for: Kestrel closes the connection after the answer.
                req.HttpContext.Response.Headers.Connection = "close";
            }

            return Problems.From(problem);
        }
    }
}
