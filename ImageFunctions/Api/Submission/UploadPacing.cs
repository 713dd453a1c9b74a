using ImageFunctions.Settings;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// How long an upload may take and how fast it must keep coming (issue 10, "A burst-then-stall upload pins memory"):
/// a deadline per part, one for the whole request body, and a minimum number of bytes per window of waiting.
/// <see cref="UploadPacingStream"/> enforces them on the request body in both hosts.
/// </summary>
/// <param name="PartTimeout">Longest time one part may take to arrive.</param>
/// <param name="RequestTimeout">Longest time the whole body may take.</param>
/// <param name="MinBytesPerWindow">Fewest bytes that must arrive in every window after the first.</param>
/// <param name="Window">The window, counted in time spent waiting for the client (not the server's own work between reads).</param>
public sealed record UploadPacing(TimeSpan PartTimeout, TimeSpan RequestTimeout, long MinBytesPerWindow, TimeSpan Window)
{
    /// <summary>The pacing the configured limits ask for.</summary>
    public static UploadPacing From(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new UploadPacing(
            TimeSpan.FromSeconds(limits.UploadPartTimeoutSeconds),
            TimeSpan.FromSeconds(limits.UploadRequestTimeoutSeconds),
            limits.UploadMinBytesPerWindow,
            TimeSpan.FromSeconds(limits.UploadRateWindowSeconds));
    }
}
