using ImageFunctions.Settings;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// The largest request body a job may need, from the limits: <c>MaxFiles</c> parts of at most <c>MaxFileBytes</c> and at
/// most <c>MaxJobBytes</c> together, each part with its framing, plus the form fields. Both hosts' Kestrel take it (<c>Hosting/RequestBodyLimitSetup</c>), and
/// <c>FUNCTIONS_REQUEST_BODY_SIZE_LIMIT</c> in local.settings.sample.json and docker-compose.yml is its value for the
/// default limits (a unit test holds them equal).
/// </summary>
public static class RequestBodyLimit
{
    /// <summary>Around each part: its boundary line, its headers (as long as the reader allows) and the CRLFs.</summary>
    public const long PartFramingBytes = MultipartImageReader.MaxBoundaryLength + MultipartImageReader.PartHeadersLimit + 16;

    /// <summary>The form fields (<c>filter</c>, <c>format</c>, <c>quality</c>: parts of at most 4096 characters) and the closing boundary.</summary>
    public const long FormFieldsBytes = 128 * 1024;

    /// <summary>The cap in bytes; <see cref="long.MaxValue"/> (no cap) when the limits are too large to add up.</summary>
    public static long For(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        // 128-bit: 100 files of 25 MiB already pass int.MaxValue, and MaxFileBytes may be as large as long.MaxValue.
        var files = Int128.Min((Int128)limits.MaxFiles * limits.MaxFileBytes, limits.MaxJobBytes);
        var total = files + (Int128)limits.MaxFiles * PartFramingBytes + FormFieldsBytes;
        return total >= long.MaxValue ? long.MaxValue : (long)total;
    }
}
