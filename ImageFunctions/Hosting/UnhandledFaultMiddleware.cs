using ImageFunctions.Api.Faults;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting;

/// <summary>
/// The Functions host's side of <see cref="UnhandledFaults"/>: a worker middleware around the HTTP functions, so an
/// exception becomes the problem+json the standalone host answers instead of the Functions host's bare 500.
/// <c>Program.cs</c> registers it after <c>ConfigureFunctionsWebApplication()</c>, which puts it inside the ASP.NET Core
/// integration's own middleware: that one sets the function's <see cref="HttpContext"/> before calling it and executes the
/// returned <see cref="IResult"/> after it returns, so the result is wrapped here to answer its faults too (a ZIP whose
/// first blob cannot be read fails there, before anything is sent).
/// </summary>
internal sealed class UnhandledFaultMiddleware(ILogger<UnhandledFaultMiddleware> logger) : IFunctionsWorkerMiddleware
{
    private const string HttpTriggerType = "httpTrigger";

    /// <summary>The <c>UseWhen</c> predicate: the function has an HTTP trigger.</summary>
    public static bool IsHttpFunction(FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.FunctionDefinition.InputBindings.Values.Any(binding => string.Equals(binding.Type, HttpTriggerType, StringComparison.OrdinalIgnoreCase));
    }

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            if (!await UnhandledFaults.TryWriteAsync(http, ex, logger))
            {
                throw;
            }

            return;
        }

        var invocation = context.GetInvocationResult();
        if (invocation.Value is IResult result and not FaultAnsweringResult)
        {
            invocation.Value = new FaultAnsweringResult(result, logger);
        }
    }

    /// <summary>Executes a function's result; a fault before the response starts is answered as any other.</summary>
    private sealed class FaultAnsweringResult(IResult inner, ILogger logger) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            catch (Exception ex) when (!httpContext.RequestAborted.IsCancellationRequested)
            {
                if (!await UnhandledFaults.TryWriteAsync(httpContext, ex, logger))
                {
                    throw;
                }
            }
        }
    }
}
