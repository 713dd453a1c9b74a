using ImageFunctions.Api.Docs;
using ImageFunctions.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Tests.Browser;

/// <summary>
/// Kestrel on a free loopback port serving the <c>/docs</c>, <c>/docs/{*asset}</c> and <c>/openapi.json</c> functions
/// at the routes of their <c>[HttpTrigger]</c> attributes, the way a host maps them.
/// </summary>
public sealed class DocsSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DocsSite(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The root URL, ending with a slash.</summary>
    public Uri Address { get; }

    /// <summary>Starts the site.</summary>
    public static async Task<DocsSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddProblemDetails();
        var app = builder.Build();

        var docs = new DocsFunction();
        var openApi = new OpenApiFunction();
        var handlers = new Dictionary<string, Delegate>
        {
            ["Docs"] = (HttpRequest req) => docs.Docs(req),
            ["DocsAsset"] = (HttpRequest req, string? asset) => docs.DocsAsset(req, asset),
            ["OpenApi"] = (HttpRequest req) => openApi.OpenApi(req),
        };
        foreach (var route in HttpRouteReflector.FromAssembly(typeof(DocsFunction).Assembly).Where(r => handlers.ContainsKey(r.FunctionName)))
        {
            app.MapMethods("/" + route.Route, route.Methods.Select(m => m.ToUpperInvariant()), handlers[route.FunctionName]);
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new DocsSite(app, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
