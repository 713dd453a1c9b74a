using ImageFunctions.Api.Faults;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The standalone host's side of <see cref="UnhandledFaults"/>: <c>UseExceptionHandler</c> calls it for an exception no
/// function handled, so this host answers exactly as the Functions host's <see cref="UnhandledFaultMiddleware"/> does.
/// </summary>
internal sealed class UnhandledFaultHandler(ILogger<UnhandledFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        await UnhandledFaults.TryWriteAsync(httpContext, exception, logger);
}
