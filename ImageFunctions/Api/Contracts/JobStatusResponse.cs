using System.Text.Json.Serialization;

namespace ImageFunctions.Api.Contracts;

/// <summary>
/// The status document of <c>GET /status-job/{job_id}</c>: a superset of the old service's fields. <c>notification</c> is
/// left out for a job without <c>notify_url</c>, and from the document the webhook itself sends (which cannot know how
/// its own delivery will go).
/// </summary>
public sealed record JobStatusResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("all_ready")] bool AllReady,
    [property: JsonPropertyName("all_successful")] bool AllSuccessful,
    [property: JsonPropertyName("progress")] JobProgressResponse Progress,
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("completed_at")] DateTimeOffset? CompletedAt,
    [property: JsonPropertyName("download_url")] string DownloadUrl,
    [property: JsonPropertyName("results")] IReadOnlyList<ImageStatusResponse> Results,
    [property: JsonPropertyName("notification"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobNotificationResponse? Notification = null);

/// <summary>Counts of a job's images.</summary>
public sealed record JobProgressResponse(
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("succeeded")] int Succeeded,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("pending")] int Pending);

/// <summary>One image of a job. <c>status</c> is PENDING, STARTED, SUCCESS or FAILURE (<see cref="Jobs.ImageStatuses"/>).</summary>
public sealed record ImageStatusResponse(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("output_name")] string OutputName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("ready")] bool Ready,
    [property: JsonPropertyName("successful")] bool Successful,
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>
/// The completion webhook of a job: <c>status</c> is <c>pending</c> (the job has not ended, or the delivery is still being
/// tried), <c>delivered</c> or <c>failed</c>; the <c>attempts</c> made (0 while pending), the <c>delivery_id</c> every attempt carried,
/// and the last attempt's <c>error</c>.
/// </summary>
public sealed record JobNotificationResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("delivery_id")] string? DeliveryId,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>Job status values.</summary>
public static class JobStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completed_with_errors";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
