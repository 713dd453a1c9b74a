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

/// <summary>The orchestration input: the whole job.</summary>
public sealed record JobSpec(
    string JobId,
    string Filter,
    string Format,
    int Quality,
    DateTimeOffset CreatedAt,
    IReadOnlyList<ImageTask> Images);

/// <summary>What happened to one image.</summary>
public sealed record ImageOutcome(
    string TaskId,
    string FileName,
    string OutputName,
    bool Succeeded,
    string? Error,
    bool FromCache = false);

/// <summary>The orchestration output.</summary>
public sealed record JobResult(string JobId, IReadOnlyList<ImageOutcome> Images)
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
