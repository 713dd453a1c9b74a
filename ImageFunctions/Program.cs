using ImageFunctions.Hosting;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Settings;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// `--standalone`: the same functions on plain ASP.NET Core + an in-process Durable Task sidecar (Hosting/Standalone).
if (StandaloneHost.IsRequested(args))
{
    return await StandaloneHost.RunAsync(args);
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
// After the ASP.NET Core integration, so inside its middleware: the HTTP functions' faults become problem+json.
builder.UseWhen<UnhandledFaultMiddleware>(UnhandledFaultMiddleware.IsHttpFunction);
// Under the Functions host storage is required: no file-system fallback on an instance's local disk (BackendSelection).
builder.Services.AddImageFunctions(builder.Configuration, HostKind.Functions);
await builder.Build().RunAsync();
return 0;
