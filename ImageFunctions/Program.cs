using ImageFunctions.Hosting;
using ImageFunctions.Hosting.Standalone;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// `--standalone`: the same functions on plain ASP.NET Core + an in-process Durable Task sidecar (Hosting/Standalone).
if (StandaloneHost.IsRequested(args))
{
    await StandaloneHost.RunAsync(args);
    return;
}

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddImageFunctions(builder.Configuration);
await builder.Build().RunAsync();
