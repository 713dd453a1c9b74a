using System.Text.Json.Serialization;

namespace ImageFunctions.Api.Contracts;

/// <summary>The 202 answer of <c>POST /process-job</c>.</summary>
public sealed record JobAcceptedResponse(
    [property: JsonPropertyName("job_id")] string JobId,
    [property: JsonPropertyName("task_ids")] IReadOnlyList<string> TaskIds,
    [property: JsonPropertyName("status_url")] string StatusUrl,
    [property: JsonPropertyName("download_url")] string DownloadUrl);
