namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// Where a job's completion webhook goes and how long it waits before retrying: fixed at submission and carried in the
/// <see cref="JobSpec"/>, so every replay of the orchestration sees the same values.
/// </summary>
public sealed record NotifyTarget(string Url, double FirstRetrySeconds);

/// <summary>
/// The input of the <c>NotifyJob</c> activity: what the final status document is built from. A completed job has its
/// <see cref="Result"/>; a cancelled one its <see cref="Cancellation"/>. The delivery id is the same for every attempt.
/// </summary>
public sealed record JobNotification(JobSpec Spec, string DeliveryId, JobResult? Result = null, JobCancellation? Cancellation = null);

/// <summary>When a job was cancelled, and the live states of its images at that moment.</summary>
public sealed record JobCancellation(DateTimeOffset At, IReadOnlyDictionary<string, ImageState> Images);

/// <summary>The input of the <c>NotifyJobCancelled</c> orchestration.</summary>
public sealed record CancelledJob(JobSpec Spec, IReadOnlyDictionary<string, ImageState> Images);

/// <summary>What one delivery attempt gave: delivered, or not with a reason and whether another attempt may help.</summary>
public sealed record NotificationAttempt(bool Delivered, bool Retry, string? Error)
{
    public static NotificationAttempt Success { get; } = new(true, false, null);

    /// <summary>A failure another attempt may cure (an error answer, a timeout, a network fault).</summary>
    public static NotificationAttempt Failure(string error) => new(false, true, error);

    /// <summary>A failure no retry cures (the target is refused).</summary>
    public static NotificationAttempt Refusal(string error) => new(false, false, error);
}

/// <summary>How the delivery ended: recorded in the job's result and shown in its status document.</summary>
public sealed record NotificationOutcome(string Status, int Attempts, string DeliveryId, string? Error);

/// <summary>Values of a notification's <c>status</c> in the status document.</summary>
public static class NotificationStatuses
{
    /// <summary>The job has not ended yet, or its notification is being delivered.</summary>
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
