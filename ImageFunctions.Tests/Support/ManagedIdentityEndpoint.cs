using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// Stands in for the managed identity endpoint Azure gives an app (App Service and Functions: <c>IDENTITY_ENDPOINT</c> and
/// <c>IDENTITY_HEADER</c>), which cannot run here: answers token requests that carry the header with a token of the
/// requested resource, JWT-shaped but unsigned (Azurite's <c>--oauth basic</c> does not check signatures), and records them.
/// </summary>
public sealed class ManagedIdentityEndpoint : IAsyncDisposable
{
    private const string Path = "/msi/token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TokenRequest> _requests = new();

    private ManagedIdentityEndpoint(WebApplication app)
    {
        _app = app;
    }

    /// <summary>One token request: the user-assigned identity asked for (null: system-assigned) and the resource.</summary>
    public sealed record TokenRequest(string? ClientId, string? Resource);

    /// <summary>The value for <c>IDENTITY_HEADER</c>; requests without it are refused, as Azure refuses them.</summary>
    public string Header { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The value for <c>IDENTITY_ENDPOINT</c>.</summary>
    public string Endpoint { get; private set; } = "";

    public IReadOnlyCollection<TokenRequest> Requests => _requests;

    public static async Task<ManagedIdentityEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var endpoint = new ManagedIdentityEndpoint(builder.Build());
        endpoint._app.MapGet(Path, endpoint.Issue);
        await endpoint._app.StartAsync();
        var address = endpoint._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Endpoint = address + Path;
        return endpoint;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Issue(HttpRequest request)
    {
        if (request.Headers["X-IDENTITY-HEADER"] != Header)
        {
            return Results.Unauthorized();
        }

        var resource = request.Query["resource"].ToString();
        _requests.Enqueue(new TokenRequest(request.Query["client_id"].FirstOrDefault(), resource));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = resource.TrimEnd('/'),
            ["iss"] = "https://sts.windows.net/00000000-0000-0000-0000-0000000000aa/",
            ["iat"] = now - 60,
            ["nbf"] = now - 60,
            ["exp"] = now + 3600,
        };
        var token = $"{Base64Url(new { alg = "RS256", typ = "JWT" })}.{Base64Url(claims)}.{Convert.ToBase64String("unsigned"u8.ToArray()).TrimEnd('=')}";
        return Results.Json(new Dictionary<string, string>
        {
            ["access_token"] = token,
            ["expires_on"] = (now + 3600).ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        });
    }

    private static string Base64Url(object value) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
