using ImageFunctions.Api.Submission;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Hosting;

/// <summary>
/// Sets Kestrel's request body limit to <see cref="RequestBodyLimit"/> of the configured limits, in both hosts: the
/// standalone host's Kestrel and, behind the Functions host, the worker's own Kestrel of the ASP.NET Core integration
/// (which otherwise keeps ASP.NET Core's 30,000,000 bytes). A larger body fails while it is read, as a 413.
/// Also sets Kestrel's minimum request body data rate to the upload pacing's (<see cref="UploadPacing"/>) bytes per window,
/// with the window as its grace period: Kestrel averages over the whole body, so this only backs up
/// <see cref="UploadPacingStream"/>, which checks every window.
/// </summary>
internal sealed class RequestBodyLimitSetup(IOptions<ImageFunctionsOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    /// <summary>Kestrel takes a grace period only above its heartbeat (1 s).</summary>
    private static readonly TimeSpan MinGracePeriod = TimeSpan.FromSeconds(2);

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.For(options.Value.Limits);
        var pacing = UploadPacing.From(options.Value.Limits);
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(
            bytesPerSecond: pacing.MinBytesPerWindow / pacing.Window.TotalSeconds,
            gracePeriod: pacing.Window > MinGracePeriod ? pacing.Window : MinGracePeriod);
    }
}
