using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using ImageFunctions.Telemetry;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Jobs;

/// <summary>What <see cref="JobDeleter.DeleteAsync"/> found and did.</summary>
public enum JobDeletion
{
    /// <summary>No such job (or it was deleted before).</summary>
    NotFound,

    /// <summary>The job had ended; everything of it is deleted.</summary>
    Deleted,

    /// <summary>The job was running: its work is stopped and everything of it deleted.</summary>
    Cancelled,
}

/// <summary>
/// Cancels and deletes a job. Durable's terminate ends the orchestration but not an activity already running, nor the
/// activities already queued; so the job is first marked deleted in the job state store, which every activity checks at
/// its stage boundaries (<see cref="ImageTaskProcessor"/>). Then the orchestration is terminated (a job with a
/// <c>notify_url</c> gets its <c>cancelled</c> notification from <see cref="NotifyJobCancelledOrchestrator"/>, as its own
/// orchestration no longer can; a job whose images had all finished was not cancelled, and its completion notification
/// stops with it), the uploads, results, live state, the job's <c>Idempotency-Key</c> and finally the Durable record are
/// deleted. Each step tolerates a previous partial run, so repeating the call finishes what a failed one left. The backend
/// calls up to the deletion of the live state share one <see cref="BackendDeadline"/>, the purge another (the wait for the
/// terminated orchestration has its own).
/// </summary>
public sealed class JobDeleter(
    IImageStore store, IJobStateStore state, BackendDeadline deadline, IOptions<ImageFunctionsOptions> options, ImageMetrics metrics,
    ILogger<JobDeleter> logger)
{
    /// <summary>How long to wait for a terminated orchestration to end before its record can be purged.</summary>
    public static readonly TimeSpan TerminationWait = TimeSpan.FromSeconds(10);

    private readonly StorageOptions _storage = options.Value.Storage;

    public async Task<JobDeletion> DeleteAsync(string jobId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!JobIds.IsValid(jobId))
        {
            return JobDeletion.NotFound;
        }

        Stopped? stopped;
        using (var budget = deadline.Start(cancellationToken))
        {
            stopped = await budget.RunAsync(ct => StopAndDeleteAsync(jobId, client, ct));
        }

        if (stopped is null)
        {
            return JobDeletion.NotFound;
        }

        if (stopped.Instance is not null)
        {
            await PurgeAsync(jobId, client, stopped.Running, cancellationToken);
        }

        logger.LogInformation("Job {JobId} {Action} by the client", jobId, stopped.Running ? "cancelled and deleted" : "deleted");
        return stopped.Running ? JobDeletion.Cancelled : JobDeletion.Deleted;
    }

    /// <summary>Marks, terminates and deletes everything but the Durable record; null when there is no such job.</summary>
    private async Task<Stopped?> StopAndDeleteAsync(string jobId, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(jobId, getInputsAndOutputs: true, cancellationToken);
        var spec = instance?.ReadInputAs<JobSpec>() ?? await state.GetJobAsync(jobId, cancellationToken);
        if (instance is null && spec is null)
        {
            return null;
        }

        await state.MarkDeletedAsync(jobId, cancellationToken);
        var running = instance is not null && !IsTerminal(instance.RuntimeStatus);
        if (running)
        {
            await client.TerminateInstanceAsync(jobId, "Cancelled by the client.", cancellationToken);
            if (instance!.ReadCustomStatusAs<JobProgress>() is not null)
            {
                metrics.JobEnded(); // it had started (its first episode sets the progress): it will not end by itself now
            }
        }

        // Cancelled: stopped before its images were done (a job only delivering its completion notification was not).
        // Terminated already: an earlier deletion stopped before it could schedule the notification.
        var cancelled = (running || instance?.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
            && instance?.ReadCustomStatusAs<JobProgress>() is not { Pending: 0 };
        if (spec?.Notify is not null && cancelled)
        {
            var images = await state.GetImageStatesAsync(jobId, cancellationToken);
            await NotifyJobCancelledOrchestrator.ScheduleAsync(client, spec, images, cancellationToken);
        }

        var prefix = JobBlobNames.JobPrefix(jobId);
        await store.DeletePrefixAsync(_storage.UploadsContainer, prefix, cancellationToken);
        await store.DeletePrefixAsync(_storage.ProcessedContainer, prefix, cancellationToken);
        await state.ForgetJobAsync(jobId, cancellationToken);
        if (spec?.IdempotencyKey is { } keyHash)
        {
            await state.ForgetIdempotencyKeyAsync(keyHash, jobId, cancellationToken);
        }

        return new Stopped(instance, running);
    }

    private async Task PurgeAsync(string jobId, DurableTaskClient client, bool terminated, CancellationToken cancellationToken)
    {
        if (terminated)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TerminationWait);
            try
            {
                await client.WaitForInstanceCompletionAsync(jobId, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Still ending: the record stays hidden behind the deletion mark; another DELETE purges it.
                logger.LogWarning("Job {JobId} did not end within {Wait} after terminate; its Durable record is not purged yet", jobId, TerminationWait);
                return;
            }
        }

        await deadline.RunAsync(ct => client.PurgeInstanceAsync(jobId, cancellation: ct), cancellationToken);
    }

    private sealed record Stopped(OrchestrationMetadata? Instance, bool Running);

    private static bool IsTerminal(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
