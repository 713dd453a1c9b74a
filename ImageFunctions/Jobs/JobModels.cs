using ImageFunctions.Jobs.Notifications;

namespace ImageFunctions.Jobs;

/// <summary>One uploaded image of a job: what the <c>ProcessImage</c> activity needs. Carries blob names, never bytes.</summary>
public sealed record ImageTask(
    string JobId,
    string TaskId,
    string FileName,
    string SourceBlob,
    string OutputName,
    string Filter,
    string Format,
    int Quality);

/// <summary>
/// The orchestration input: the whole job. <see cref="Notify"/> is where its completion webhook goes (null: none);
/// <see cref="IdempotencyKey"/> the hash of the <c>Idempotency-Key</c> it was submitted with (null: none), so that deleting
/// the job forgets the key; <see cref="MaxInFlight"/> is how many of its <c>ProcessImage</c> activities may be scheduled and
/// unfinished at once (<see cref="Settings.JobOptions.MaxActivitiesInFlightPerJob"/> when it was submitted; null: all at once).
/// Both are optional so that the inputs of orchestrations started before they existed still read, and replay as they ran.
/// </summary>
public sealed record JobSpec(
    string JobId,
    string Filter,
    string Format,
    int Quality,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ImageTask> Images,
    NotifyTarget? Notify = null,
    string? IdempotencyKey = null,
    int? MaxInFlight = null);

/// <summary>What happened to one image.</summary>
public sealed record ImageOutcome(
    string TaskId,
    string FileName,
    string OutputName,
    bool Succeeded,
    string? Error,
    bool FromCache = false);

/// <summary>
/// The orchestration output: every image's outcome, when the last one finished (Durable's clock) and how the completion
/// webhook went (null: the job had none). Both are optional, for outputs written before they existed.
/// </summary>
public sealed record JobResult(string JobId, IReadOnlyList<ImageOutcome> Images, DateTimeOffset? CompletedAt = null, NotificationOutcome? Notification = null)
{
    public int Succeeded => Images.Count(i => i.Succeeded);
    public int Failed => Images.Count(i => !i.Succeeded);
}

/// <summary>
/// Per-image status values (the old Celery states): the live state an activity records, and the <c>status</c>
/// of each result in the status document.
/// </summary>
public static class ImageStatuses
{
    public const string Pending = "PENDING";
    public const string Started = "STARTED";
    public const string Success = "SUCCESS";
    public const string Failure = "FAILURE";
}

/// <summary>The orchestration's custom status while it fans in.</summary>
public sealed record JobProgress(int Total, int Succeeded, int Failed)
{
    public int Pending => Math.Max(0, Total - Succeeded - Failed);
}
