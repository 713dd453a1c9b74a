using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// Delivers a job's notification from inside an orchestration: up to <see cref="MaxAttempts"/> calls of the
/// <c>NotifyJob</c> activity, the first retry after the target's <see cref="NotifyTarget.FirstRetrySeconds"/>, each later
/// wait twice the one before (at most <see cref="MaxRetryInterval"/>). The loop is the orchestration's own rather than a
/// Durable retry policy so that it knows how many attempts it took and can stop at once on a refused target. Nothing
/// here throws for a failed delivery: the outcome says what happened, and the job's own result does not depend on it.
/// </summary>
public static class NotificationDelivery
{
    public const string ActivityName = "NotifyJob";
    public const int MaxAttempts = 5;
    public static readonly TimeSpan MaxRetryInterval = TimeSpan.FromMinutes(5);

    public static async Task<NotificationOutcome> DeliverAsync(TaskOrchestrationContext context, JobNotification notification, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(notification);
        var target = notification.Spec.Notify ?? throw new ArgumentException("The job has no notify_url.", nameof(notification));
        var outcome = new NotificationOutcome(NotificationStatuses.Failed, 0, notification.DeliveryId, null);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await context.CreateTimer(RetryDelay(target.FirstRetrySeconds, attempt - 1), CancellationToken.None);
            }

            var result = await AttemptAsync(context, notification);
            outcome = outcome with { Attempts = attempt, Error = result.Error };
            if (result.Delivered)
            {
                outcome = outcome with { Status = NotificationStatuses.Delivered };
                break;
            }

            if (!result.Retry)
            {
                break;
            }
        }

        logger.LogInformation(
            "Job {JobId} notification {DeliveryId}: {Status} after {Attempts} attempts {Error}",
            notification.Spec.JobId, outcome.DeliveryId, outcome.Status, outcome.Attempts, outcome.Error);
        return outcome;
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the second attempt).</summary>
    public static TimeSpan RetryDelay(double firstRetrySeconds, int retry) =>
        TimeSpan.FromSeconds(Math.Min(firstRetrySeconds * Math.Pow(2, retry - 1), MaxRetryInterval.TotalSeconds));

    private static async Task<NotificationAttempt> AttemptAsync(TaskOrchestrationContext context, JobNotification notification)
    {
        try
        {
            return await context.CallActivityAsync<NotificationAttempt>(ActivityName, notification);
        }
        catch (TaskFailedException ex)
        {
            // The activity itself failed (not the receiver): count it as a failed attempt and try again.
            return NotificationAttempt.Failure($"The delivery failed: {ex.FailureDetails.ErrorMessage}");
        }
    }
}
