using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>Proves the headless-Chromium page check sees rendered elements and broken resources.</summary>
public sealed class BrowserPageCheckTests
{
    private const string CleanPage =
        "<!doctype html><html><head><title>clean</title></head><body><ul id=list></ul>"
        + "<script>for (const n of ['a','b','c']) { const li = document.createElement('li'); li.className = 'item'; li.textContent = n; list.append(li); }</script>"
        + "</body></html>";

    private const string BrokenPage =
        "<!doctype html><html><head><title>broken</title><link rel=stylesheet href=/missing.css></head>"
        + "<body><p class=item>x</p><script>throw new Error('kaboom');</script></body></html>";

    [Fact]
    public async Task RunAsync_CleanScriptRenderedPage_IsCleanAndCountsElements()
    {
        await using var app = await StartAsync();

        var report = await BrowserPageCheck.RunAsync(new Uri(BaseUri(app), "/clean"), "li.item");

        Assert.True(report.IsClean, report.ToString());
        Assert.Equal(3, report.SelectorCount);
        Assert.Equal("clean", report.Title);
    }

    [Fact]
    public async Task RunAsync_MissingResourceAndScriptError_AreReported()
    {
        await using var app = await StartAsync();

        var report = await BrowserPageCheck.RunAsync(new Uri(BaseUri(app), "/broken"), ".item");

        Assert.False(report.IsClean);
        Assert.Contains(report.BadResponses, r => r.Status == 404 && r.Url.EndsWith("/missing.css", StringComparison.Ordinal));
        Assert.Contains(report.PageErrors, e => e.Contains("kaboom", StringComparison.Ordinal));
    }

    private static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/clean", () => Results.Content(CleanPage, "text/html"));
        app.MapGet("/broken", () => Results.Content(BrokenPage, "text/html"));
        await app.StartAsync();
        return app;
    }

    private static Uri BaseUri(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
