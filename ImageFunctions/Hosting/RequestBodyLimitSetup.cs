using ImageFunctions.Api.Submission;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Hosting;

/// <summary>
/// Sets Kestrel's request body limit to <see cref="RequestBodyLimit"/> of the configured limits, in both hosts: the
/// standalone host's Kestrel and, behind the Functions host, the worker's own Kestrel of the ASP.NET Core integration
/// (which otherwise keeps ASP.NET Core's 30,000,000 bytes). A larger body fails while it is read, as a 413.
/// </summary>
internal sealed class RequestBodyLimitSetup(IOptions<ImageFunctionsOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.For(options.Value.Limits);
    }
}
