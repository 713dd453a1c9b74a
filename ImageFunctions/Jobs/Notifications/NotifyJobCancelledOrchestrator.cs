using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// Delivers the <c>cancelled</c> notification of a job deleted while it ran. The job's own orchestration is terminated
/// by the deletion, so it cannot; this small orchestration, scheduled by <see cref="JobDeleter"/>, runs the same delivery.
/// Its outcome is only logged: the job it would be shown in is deleted. <see cref="RetentionCleaner"/> purges it once it
/// has ended, since it holds the deleted job's spec.
/// </summary>
public static class NotifyJobCancelledOrchestrator
{
    /// <summary>Prefix of the instance ids, followed by the job id.</summary>
    public const string InstancePrefix = "notify-cancelled-";

    public static string InstanceId(string jobId) => InstancePrefix + jobId;

    [Function(nameof(NotifyJobCancelled))]
    public static async Task<NotificationOutcome> NotifyJobCancelled([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<CancelledJob>() ?? throw new InvalidOperationException("The cancelled-job notification needs a CancelledJob input.");
        var notification = new JobNotification(
            input.Spec, context.NewGuid().ToString(), Cancellation: new JobCancellation(context.CurrentUtcDateTime, input.Images));
        return await NotificationDelivery.DeliverAsync(context, notification, context.CreateReplaySafeLogger(nameof(NotifyJobCancelled)));
    }

    /// <summary>
    /// Schedules the notification of <paramref name="spec"/>'s cancellation once: an instance that already exists (a
    /// repeated deletion) is left alone.
    /// </summary>
    public static async Task ScheduleAsync(DurableTaskClient client, JobSpec spec, IReadOnlyDictionary<string, ImageState> images, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(spec);
        var instanceId = InstanceId(spec.JobId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not null)
        {
            return;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(NotifyJobCancelled), new CancelledJob(spec, images), new StartOrchestrationOptions(instanceId), cancellationToken);
    }
}
