using Azure;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Settings;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Storage;
using ImageFunctions.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// Accepts a job: validates the filter chain, output options and notify URL (from the query, else the form), stores the uploads,
/// records the job and schedules its orchestration with instance id = job id. On any refusal nothing is scheduled
/// and nothing is left in storage (a refusal waits for the clean-up; a storage fault leaves it to the background, bounded,
/// so the 503 is not delayed by the storage that caused it). Each backend call is bounded by the <see cref="BackendDeadline"/>.
/// With an <c>Idempotency-Key</c> the key is claimed first (atomically, for <see cref="ClaimLease"/>): a key held by a
/// request still running is a 409; a key bound to a job is answered with that job when this request's
/// <see cref="RequestFingerprint"/> is the first one's (its uploads are removed, nothing is scheduled), else 422. A request
/// that fails frees its key; one that succeeds binds it to its job for the retention period.
/// </summary>
public sealed class JobSubmissionHandler(
    MultipartImageReader reader,
    IImageStore store,
    IJobStateStore state,
    NotifyUrlPolicy notifyUrls,
    TimeProvider time,
    BackendDeadline deadline,
    IOptions<ImageFunctionsOptions> options,
    ILogger<JobSubmissionHandler> logger)
{
    public const string NotifyUrlField = "notify_url";

    /// <summary>What an <c>Idempotency-Key</c> is scoped to: this endpoint.</summary>
    public const string IdempotencyScope = "POST /process-job";

    /// <summary>The longest a clean-up left to the background may take before it is given up (the retention timer deletes the rest).</summary>
    public static readonly TimeSpan BackgroundCleanUpLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a claimed key stays held without a renewal: the request renews it every third of it while it runs
    /// (<see cref="IdempotencyLeaseRenewal"/>), so only a crashed request lets it lapse, and then frees its key within it.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly string _uploads = options.Value.Storage.UploadsContainer;
    private readonly int _maxInFlight = options.Value.Jobs.MaxActivitiesInFlightPerJob;

    public async Task<JobSubmission> SubmitAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = IdempotencyKey.From(request.Headers, IdempotencyScope);
        var query = request.Query;
        var chain = query.ContainsKey("filter") ? ParseFilter(query["filter"]) : null;
        var output = query.ContainsKey("format") || query.ContainsKey("quality") ? ParseOutput(query["format"], query["quality"]) : null;
        var notify = query.ContainsKey(NotifyUrlField) ? ParseNotifyUrl(query[NotifyUrlField]) : null;
        if (key is null)
        {
            return new JobSubmission(await AcceptAsync(request, client, chain, output, notify, null, cancellationToken), Replayed: false);
        }

        using var fingerprint = new RequestFingerprint();
        foreach (var name in RequestFingerprint.QueryParameters)
        {
            fingerprint.AddQuery(name, query.TryGetValue(name, out var values) ? values.ToArray() : null);
        }

        var token = JobIds.New();
        var claim = await ClaimAsync(key, token, cancellationToken);
        if (claim.Existing is { } existing)
        {
            return new JobSubmission(await ReplayAsync(request, existing, fingerprint, cancellationToken), Replayed: true);
        }

        if (!claim.Claimed)
        {
            throw new ApiProblemException(409, "Request in progress",
                "A request with this Idempotency-Key is still being processed; wait for its answer, or retry once it has finished.");
        }

        JobAcceptedResponse accepted;
        try
        {
            // Renewed while the upload streams: a request may outlive one lease (UploadRequestTimeoutSeconds), a crashed one frees the key.
            await using (IdempotencyLeaseRenewal.Start(state, key.Hash, token, ClaimLease, time, logger))
            {
                accepted = await AcceptAsync(request, client, chain, output, notify, (key, fingerprint), cancellationToken);
            }
        }
        catch
        {
            await state.ReleaseIdempotencyKeyAsync(key.Hash, token, CancellationToken.None);
            throw;
        }

        var record = new IdempotencyRecord(fingerprint.Finish(), accepted.JobId, accepted.TaskIds);
        if (!await state.CompleteIdempotencyKeyAsync(key.Hash, token, record, CancellationToken.None))
        {
            logger.LogWarning("Job {JobId} was accepted, but its Idempotency-Key could not be bound to it (the claim expired or the store is down)", accepted.JobId);
        }

        return new JobSubmission(accepted, Replayed: false);
    }

    private async Task<JobAcceptedResponse> AcceptAsync(
        HttpRequest request,
        DurableTaskClient client,
        FilterChain? chain,
        OutputOptions? output,
        NotifyTarget? notify,
        (IdempotencyKey Key, RequestFingerprint Fingerprint)? idempotency,
        CancellationToken cancellationToken)
    {
        var jobId = JobIds.New();
        try
        {
            UploadedForm form;
            using (var span = ImageTracing.Start(ImageTracing.Upload)?.SetTag(ImageTracing.JobIdTag, jobId))
            {
                form = await reader.ReadAsync(request, jobId, idempotency?.Fingerprint, cancellationToken);
                span?.SetTag(ImageTracing.ImageCountTag, form.Images.Count);
            }

            chain ??= ParseFilter(form.Fields.GetValueOrDefault("filter"));
            output ??= ParseOutput(form.Fields.GetValueOrDefault("format"), form.Fields.GetValueOrDefault("quality"));
            notify ??= ParseNotifyUrl(form.Fields.GetValueOrDefault(NotifyUrlField));
            if (form.Images.Count == 0)
            {
                throw new ApiProblemException(400, "No files", $"Send one or more images in multipart form fields named '{MultipartImageReader.FilesField}'.");
            }

            var spec = CreateSpec(jobId, chain, output, notify, form.Images) with { IdempotencyKey = idempotency?.Key.Hash };
            using (var budget = deadline.Start(cancellationToken))
            {
                await budget.RunAsync(ct => state.SaveJobAsync(spec, ct));
                await ScheduleAsync(client, spec, budget, cancellationToken);
            }

            logger.LogInformation("Job {JobId} accepted: {ImageCount} images, filter {Filter}, format {Format}", jobId, spec.Images.Count, spec.Filter, spec.Format);
            return Accepted(jobId, spec.Images.Select(i => i.TaskId).ToList());
        }
        catch (Exception ex)
        {
            await CleanUpAsync(jobId, IsStorageFault(ex));
            throw;
        }
    }

    /// <summary>
    /// A key bound to a job: reads this request through (storing its parts, as a first request would, then removing them)
    /// to compare its fingerprint. Only the same request learns the job: guessing a key reveals no one's job id.
    /// </summary>
    private async Task<JobAcceptedResponse> ReplayAsync(
        HttpRequest request, IdempotencyRecord existing, RequestFingerprint fingerprint, CancellationToken cancellationToken)
    {
        var scratchId = JobIds.New();
        try
        {
            await reader.ReadAsync(request, scratchId, fingerprint, cancellationToken);
        }
        finally
        {
            await DeleteUploadsAsync(scratchId);
        }

        if (!string.Equals(fingerprint.Finish(), existing.Fingerprint, StringComparison.Ordinal))
        {
            throw new ApiProblemException(422, "Idempotency-Key reused",
                "This Idempotency-Key was already used for a different request (other files, file names, filter, format, quality, "
                + "notify_url or form fields). Use a new key for a new request.");
        }

        logger.LogInformation("Job {JobId} returned again for a repeated request with its Idempotency-Key", existing.JobId);
        return Accepted(existing.JobId, existing.TaskIds);
    }

    private async Task<IdempotencyClaim> ClaimAsync(IdempotencyKey key, string token, CancellationToken cancellationToken)
    {
        try
        {
            return await state.ClaimIdempotencyKeyAsync(key.Hash, token, ClaimLease, cancellationToken);
        }
        catch (IdempotencyStoreUnavailableException ex)
        {
            logger.LogError(ex, "The Idempotency-Key could not be claimed");
            throw new ApiProblemException(503, "Idempotency store unavailable",
                "A request with an Idempotency-Key cannot be accepted while the job state store is down; nothing was kept. Try again later.", inner: ex);
        }
    }

    private static JobAcceptedResponse Accepted(string jobId, IReadOnlyList<string> taskIds) =>
        new(jobId, taskIds, ApiRoutes.Status(jobId), ApiRoutes.Download(jobId));

    /// <summary>
    /// Deletes the uploads of a refused submission. A refusal of the request waits for it (bounded by the deadline), so nothing is
    /// left when the answer arrives; after a storage fault it runs in the background. Never throws: a failure is logged, the
    /// request's own answer stands, and the retention timer deletes what is left.
    /// </summary>
    private async Task CleanUpAsync(string jobId, bool storageFault)
    {
        var cleanUp = DeleteUploadsAsync(jobId);
        if (storageFault)
        {
            return;
        }

        try
        {
            await cleanUp.WaitAsync(deadline.Timeout);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Clean-up of refused job {JobId} still running after {Timeout}; left to finish in the background", jobId, deadline.Timeout);
        }
    }

    private async Task DeleteUploadsAsync(string jobId)
    {
        using var limit = new CancellationTokenSource(BackgroundCleanUpLimit);
        try
        {
            await store.DeletePrefixAsync(_uploads, JobBlobNames.JobPrefix(jobId), limit.Token).WaitAsync(limit.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Uploads of refused job {JobId} could not be deleted; the retention timer deletes them", jobId);
        }
    }

    /// <summary>
    /// The submission failed because storage did (or a backend call ran out of time): deleting the uploads would wait for
    /// the same fault, so it goes to the background. A refusal, or a scheduler that is down while storage works, waits for it.
    /// </summary>
    private static bool IsStorageFault(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is StorageUnavailableException or BackendTimeoutException or RequestFailedException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Schedules the orchestration; an unreachable Durable backend is a 503 the client may retry, not a 500.</summary>
    private async Task ScheduleAsync(DurableTaskClient client, JobSpec spec, BackendBudget budget, CancellationToken cancellationToken)
    {
        try
        {
            await budget.RunAsync(ct => client.ScheduleNewOrchestrationInstanceAsync(
                nameof(ProcessJobOrchestrator.ProcessJob), spec, new StartOrchestrationOptions(spec.JobId), ct));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Job {JobId} could not be scheduled", spec.JobId);
            throw new ApiProblemException(503, "Scheduler unavailable", "The job could not be scheduled; nothing was kept. Try again later.", inner: ex);
        }
    }

    private JobSpec CreateSpec(string jobId, FilterChain chain, OutputOptions output, NotifyTarget? notify, IReadOnlyList<UploadedImage> images)
    {
        var names = new OutputNameSet();
        var format = output.Format.ToString().ToLowerInvariant();
        var tasks = images.Select(image => new ImageTask(
                jobId,
                image.TaskId,
                image.FileName,
                image.SourceBlob,
                names.Add(image.FileName, output.Resolve(image.Format).Extension),
                chain.Canonical,
                format,
                output.Quality))
            .ToList();
        return new JobSpec(jobId, chain.Canonical, format, output.Quality, time.GetUtcNow(), tasks, notify, MaxInFlight: _maxInFlight);
    }

    private static FilterChain ParseFilter(string? text)
    {
        try
        {
            return FilterChain.Parse(text);
        }
        catch (FilterSpecException ex)
        {
            throw new ApiProblemException(400, "Invalid filter", ex.Message, new Dictionary<string, object?>
            {
                ["errors"] = new Dictionary<string, IReadOnlyList<string>> { ["filter"] = ex.Errors },
                ["valid_filters"] = ex.ValidFilters,
            });
        }
    }

    private static OutputOptions ParseOutput(string? format, string? quality)
    {
        try
        {
            return OutputOptions.Parse(format, quality);
        }
        catch (ArgumentException ex)
        {
            throw new ApiProblemException(400, "Invalid output options", ex.Message);
        }
    }

    private NotifyTarget? ParseNotifyUrl(string? text)
    {
        try
        {
            return notifyUrls.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new ApiProblemException(400, "Invalid notify_url", ex.Message);
        }
    }
}
