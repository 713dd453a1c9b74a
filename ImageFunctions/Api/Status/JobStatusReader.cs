using ImageFunctions.Api.Contracts;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Storage;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Api.Status;

/// <summary>
/// Builds the status document of a job from Durable's instance (input, custom status, output: the source of truth)
/// and Redis' live per-image progress (an accelerator: without it, images show PENDING until the job ends).
/// </summary>
public sealed class JobStatusReader(IJobStateStore state)
{
    private static readonly IReadOnlyDictionary<string, ImageState> NoLiveStates = new Dictionary<string, ImageState>();

    /// <summary>The job's status, or null when no such job exists.</summary>
    public async Task<JobStatusResponse?> ReadAsync(string jobId, DurableTaskClient client, CancellationToken cancellationToken) =>
        (await ReadViewAsync(jobId, client, cancellationToken))?.Status;

    /// <summary>The job's spec and status together (the download needs both), or null when no such job exists.</summary>
    public async Task<JobView?> ReadViewAsync(string jobId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(jobId))
        {
            return null;
        }

        var instance = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellationToken);
        var spec = instance?.ReadInputAs<JobSpec>() ?? await state.GetJobAsync(jobId, cancellationToken);
        if (spec is null)
        {
            return null;
        }

        // A deleted job is gone at once, though its Durable record may take a moment to be purged.
        if (instance?.RuntimeStatus is OrchestrationRuntimeStatus.Terminated && await state.IsDeletedAsync(jobId, cancellationToken))
        {
            return null;
        }

        var runtime = instance?.RuntimeStatus ?? OrchestrationRuntimeStatus.Pending;
        var result = runtime == OrchestrationRuntimeStatus.Completed ? instance!.ReadOutputAs<JobResult>() : null;
        var live = result is null ? await state.GetImageStatesAsync(jobId, cancellationToken) : NoLiveStates;
        var completedAt = IsTerminal(runtime) ? result?.CompletedAt ?? instance!.LastUpdatedAt : (DateTimeOffset?)null;
        return new JobView(spec, Document(
            spec, runtime, result, live, instance?.ReadCustomStatusAs<JobProgress>(), completedAt, NotificationOf(spec, runtime, result)));
    }

    /// <summary>
    /// The document of a job that completed with <paramref name="result"/>, as this endpoint shows it once the orchestration
    /// has ended, without the notification: the completion webhook sends it before its own outcome is known.
    /// </summary>
    public static JobStatusResponse Completed(JobSpec spec, JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Document(spec, OrchestrationRuntimeStatus.Completed, result, NoLiveStates, null, result.CompletedAt, notification: null);
    }

    /// <summary>The document of a job cancelled while its images were in the states of <paramref name="cancellation"/>.</summary>
    public static JobStatusResponse Cancelled(JobSpec spec, JobCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        return Document(spec, OrchestrationRuntimeStatus.Terminated, null, cancellation.Images, null, cancellation.At, notification: null);
    }

    private static JobStatusResponse Document(
        JobSpec spec,
        OrchestrationRuntimeStatus runtime,
        JobResult? result,
        IReadOnlyDictionary<string, ImageState> live,
        JobProgress? durableProgress,
        DateTimeOffset? completedAt,
        JobNotificationResponse? notification)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var outcomes = result?.Images.ToDictionary(o => o.TaskId, StringComparer.Ordinal);
        var terminal = IsTerminal(runtime);
        var images = spec.Images.Select(image => ImageStatusOf(spec.JobId, image, outcomes?.GetValueOrDefault(image.TaskId), live.GetValueOrDefault(image.TaskId), terminal)).ToList();
        var progress = ProgressOf(images, durableProgress);
        var allReady = terminal || progress.Pending == 0;

        return new JobStatusResponse(
            spec.JobId,
            StatusOf(runtime, progress, allReady),
            allReady,
            allReady && progress.Failed == 0 && progress.Succeeded == progress.Total,
            progress,
            spec.Filter,
            spec.CreatedAt,
            completedAt,
            ApiRoutes.Download(spec.JobId),
            images,
            notification);
    }

    /// <summary>The webhook's state: pending until the orchestration records its outcome (it ends only after the delivery).</summary>
    private static JobNotificationResponse? NotificationOf(JobSpec spec, OrchestrationRuntimeStatus runtime, JobResult? result) =>
        spec.Notify is null ? null
        : result?.Notification is { } outcome ? new JobNotificationResponse(outcome.Status, outcome.Attempts, outcome.DeliveryId, outcome.Error)
        : IsTerminal(runtime) ? new JobNotificationResponse(NotificationStatuses.Failed, 0, null, "The job's orchestration ended before its notification was sent.")
        : new JobNotificationResponse(NotificationStatuses.Pending, 0, null, null);

    private static ImageStatusResponse ImageStatusOf(string jobId, ImageTask image, ImageOutcome? outcome, ImageState? live, bool jobEnded)
    {
        var (status, error) = outcome is not null
            ? (outcome.Succeeded ? ImageStatuses.Success : ImageStatuses.Failure, outcome.Error)
            : live is not null ? (live.Status, live.Error)
            : (jobEnded ? ImageStatuses.Failure : ImageStatuses.Pending, jobEnded ? "The job ended before this image was processed." : null);

        var succeeded = status == ImageStatuses.Success;
        var ready = succeeded || status == ImageStatuses.Failure;
        return new ImageStatusResponse(
            image.TaskId, image.FileName, image.OutputName, status, ready, succeeded, succeeded ? ApiRoutes.Image(jobId, image.OutputName) : null, error);
    }

    /// <summary>Counts from the per-image view, or from the orchestrator's custom status when that knows more (Redis down).</summary>
    private static JobProgressResponse ProgressOf(IReadOnlyList<ImageStatusResponse> images, JobProgress? durable)
    {
        var succeeded = images.Count(i => i.Status == ImageStatuses.Success);
        var failed = images.Count(i => i.Status == ImageStatuses.Failure);
        if (durable is not null && durable.Succeeded + durable.Failed > succeeded + failed)
        {
            (succeeded, failed) = (durable.Succeeded, durable.Failed);
        }

        return new JobProgressResponse(images.Count, succeeded, failed, images.Count - succeeded - failed);
    }

    /// <summary>
    /// The job-level status, in agreement with the per-image states of the same document: once every image is ready the
    /// job is completed (with errors, or failed when none succeeded) even while the orchestration is still recording its
    /// end, which takes a moment after the last image.
    /// </summary>
    internal static string StatusOf(OrchestrationRuntimeStatus runtime, JobProgressResponse progress, bool allReady) => runtime switch
    {
        OrchestrationRuntimeStatus.Failed => JobStatuses.Failed,
        OrchestrationRuntimeStatus.Terminated => JobStatuses.Cancelled,
        _ when allReady && progress.Succeeded == 0 && progress.Total > 0 => JobStatuses.Failed,
        _ when allReady && progress.Failed > 0 => JobStatuses.CompletedWithErrors,
        _ when allReady => JobStatuses.Completed,
        OrchestrationRuntimeStatus.Pending => JobStatuses.Pending,
        _ => JobStatuses.Running,
    };

    private static bool IsTerminal(OrchestrationRuntimeStatus runtime) =>
        runtime is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}

/// <summary>A job's spec (names, tasks) and its status document, results in the spec's order.</summary>
public sealed record JobView(JobSpec Spec, JobStatusResponse Status);
