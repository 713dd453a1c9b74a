using ImageFunctions.Api.Results;
using ImageFunctions.Api.Status;
using ImageFunctions.Hosting;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api;

/// <summary><c>GET /download/{job_id}</c>: a ZIP of every finished image, streamed from storage. 409 while the job runs.</summary>
public sealed class DownloadJobFunction(IImageStore store, IOptions<ImageFunctionsOptions> options)
{
    private const int RetryAfterSeconds = 2;
    private readonly string _processed = options.Value.Storage.ProcessedContainer;

    [Function("DownloadJob")]
    public async Task<IResult> DownloadJob(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "download/{jobId}")] HttpRequest req,
        string jobId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var instance = JobIds.IsValid(jobId) ? await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellationToken) : null;
        if (instance is null)
        {
            return Problems.NotFound($"No job '{jobId}'.");
        }

        if (!JobStatusReader.IsTerminal(instance.RuntimeStatus))
        {
            req.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problems.Create(StatusCodes.Status409Conflict, "Job still running", $"Job '{jobId}' has not finished yet; poll {ApiRoutes.Status(jobId)}.");
        }

        var entries = await EntriesOfAsync(jobId, instance, cancellationToken);
        return new ZipArchiveResult(store, _processed, entries, $"{jobId}.zip");
    }

    /// <summary>The succeeded images of a completed job; whatever was stored for a failed or cancelled one.</summary>
    private async Task<IReadOnlyList<ZipEntrySource>> EntriesOfAsync(string jobId, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<JobResult>() is { } result)
        {
            return result.Images.Where(i => i.Succeeded)
                .Select(i => new ZipEntrySource(JobBlobNames.Processed(jobId, i.OutputName), i.OutputName))
                .ToList();
        }

        var prefix = JobBlobNames.JobPrefix(jobId);
        var entries = new List<ZipEntrySource>();
        await foreach (var item in store.ListAsync(_processed, prefix, cancellationToken))
        {
            entries.Add(new ZipEntrySource(item.Name, item.Name[prefix.Length..]));
        }

        return entries;
    }
}
