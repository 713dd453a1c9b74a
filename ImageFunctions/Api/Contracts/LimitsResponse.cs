using System.Text.Json.Serialization;

namespace ImageFunctions.Api.Contracts;

/// <summary>The answer of <c>GET /limits</c>: what <c>POST /process-job</c> accepts, so that a client can check files before sending them.</summary>
public sealed record LimitsResponse(
    [property: JsonPropertyName("max_files")] int MaxFiles,
    [property: JsonPropertyName("max_file_bytes")] long MaxFileBytes,
    [property: JsonPropertyName("max_pixels")] long MaxPixels,
    [property: JsonPropertyName("input_formats")] IReadOnlyList<InputFormatResponse> InputFormats,
    [property: JsonPropertyName("output_formats")] IReadOnlyList<string> OutputFormats,
    [property: JsonPropertyName("min_quality")] int MinQuality,
    [property: JsonPropertyName("max_quality")] int MaxQuality,
    [property: JsonPropertyName("default_quality")] int DefaultQuality,
    [property: JsonPropertyName("max_filter_steps")] int MaxFilterSteps,
    [property: JsonPropertyName("max_metadata_segments")] int MaxMetadataSegments,
    [property: JsonPropertyName("max_metadata_bytes")] long MaxMetadataBytes,
    [property: JsonPropertyName("max_job_bytes")] long MaxJobBytes,
    [property: JsonPropertyName("max_job_pixels")] long MaxJobPixels,
    [property: JsonPropertyName("max_request_bytes")] long MaxRequestBytes);

/// <summary>An image format accepted for upload (sniffed from the bytes; the media type and extension are what browsers know it by).</summary>
public sealed record InputFormatResponse(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("media_type")] string MediaType,
    [property: JsonPropertyName("extension")] string Extension);
