using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Jobs;

/// <summary>
/// The job orchestration: one <c>ProcessImage</c> activity per image, at most <see cref="JobSpec.MaxInFlight"/> of them
/// scheduled and unfinished at once (<see cref="ImageWindow"/>), fanned in as they finish; then, when the job has a
/// <c>notify_url</c>, its completion webhook (<see cref="NotificationDelivery"/>).
/// Deterministic: it only reads its input, the activities' results and Durable's replay-safe clock and ids; the
/// activities are always scheduled in the spec's order, whatever order they finish in. Its one side effect, the
/// jobs-in-flight metric, is skipped on replay like the replay-safe logger's lines.
/// </summary>
public sealed class ProcessJobOrchestrator(ImageMetrics metrics)
{
    /// <summary>Transient faults (storage hiccups) are retried; a bad image is not a fault, it is a failed outcome.</summary>
    public static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(15)));

    [Function(nameof(ProcessJob))]
    public async Task<JobResult> ProcessJob([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var spec = context.GetInput<JobSpec>() ?? throw new InvalidOperationException("The job orchestration needs a JobSpec input.");
        var logger = context.CreateReplaySafeLogger(nameof(ProcessJob));
        if (!context.IsReplaying)
        {
            metrics.JobStarted();
        }

        logger.LogInformation("Job {JobId} started with {ImageCount} images, filter {Filter}", spec.JobId, spec.Images.Count, spec.Filter);

        // One activity per image, through a window of lanes; each one, as it finishes, updates the counts in the custom
        // status and its lane schedules the next image. Each episode stays linear in the number of images.
        var progress = new ProgressCounter(spec.Images.Count);
        context.SetCustomStatus(progress.Current);
        var outcomes = await ImageWindow.RunAsync(spec.Images, spec.MaxInFlight, image => ProcessAndCountAsync(context, image, progress));

        var result = new JobResult(spec.JobId, outcomes, context.CurrentUtcDateTime);
        logger.LogInformation("Job {JobId} finished: {Succeeded} succeeded, {Failed} failed", spec.JobId, result.Succeeded, result.Failed);
        if (spec.Notify is not null)
        {
            // The delivery id is the same on every attempt; a failed delivery is recorded, never a failed job.
            var notification = new JobNotification(spec, context.NewGuid().ToString(), result);
            result = result with { Notification = await NotificationDelivery.DeliverAsync(context, notification, logger) };
        }

        if (!context.IsReplaying)
        {
            metrics.JobEnded();
        }

        return result;
    }

    private static async Task<ImageOutcome> ProcessAndCountAsync(TaskOrchestrationContext context, ImageTask image, ProgressCounter progress)
    {
        var outcome = await ProcessOneAsync(context, image);
        context.SetCustomStatus(progress.Add(outcome.Succeeded));
        return outcome;
    }

    private static async Task<ImageOutcome> ProcessOneAsync(TaskOrchestrationContext context, ImageTask image)
    {
        try
        {
            return await context.CallActivityAsync<ImageOutcome>(nameof(ProcessImageActivity.ProcessImage), image, ActivityRetry);
        }
        catch (TaskFailedException ex)
        {
            return new ImageOutcome(image.TaskId, image.FileName, image.OutputName, false, $"Processing failed after retries: {ex.FailureDetails.ErrorMessage}");
        }
    }

    /// <summary>Counts finished images. Orchestrator code runs on one thread, so plain fields are enough.</summary>
    private sealed class ProgressCounter(int total)
    {
        private int _succeeded;
        private int _failed;

        public JobProgress Current => new(total, _succeeded, _failed);

        public JobProgress Add(bool succeeded)
        {
            if (succeeded)
            {
                _succeeded++;
            }
            else
            {
                _failed++;
            }

            return Current;
        }
    }
}
