using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Support;

/// <summary>One request the receiver got: method, path, headers (values joined by ", ") and the exact body bytes.</summary>
public sealed record ReceivedWebhook(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Header(string name) => Headers.GetValueOrDefault(name) ?? "";
}

/// <summary>
/// A webhook receiver on a loopback port: a small Kestrel app that records every request and answers each with the
/// status <c>answer(n)</c> gives for the n-th request (1-based; 200 unless told otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The receiver's address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The URL to give as <c>notify_url</c>.</summary>
    public string Url => Address + "/hooks/jobs";

    public IReadOnlyList<ReceivedWebhook> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync(Func<int, int>? answer = null, string? redirectTo = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddLogging();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._requests.Enqueue(new ReceivedWebhook(context.Request.Method, context.Request.Path, headers, body.ToArray()));
            context.Response.StatusCode = answer?.Invoke(Interlocked.Increment(ref count)) ?? StatusCodes.Status200OK;
            if (redirectTo is not null)
            {
                context.Response.Headers.Location = redirectTo;
            }
        });
        await app.StartAsync();
        receiver.Address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
