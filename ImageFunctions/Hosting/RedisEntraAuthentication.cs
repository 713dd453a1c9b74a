using System.Buffers.Text;
using System.Text.Json;
using Azure.Core;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using StackExchange.Redis.Configuration;

namespace ImageFunctions.Hosting;

/// <summary>
/// Microsoft Entra authentication for Azure Cache for Redis and Azure Managed Redis: every connection authenticates with the
/// object id (<c>oid</c>) of the credential's identity as the user and an access token for <see cref="Scope"/> as the password.
/// StackExchange.Redis reads <see cref="User"/> and <see cref="Password"/> whenever it (re)connects; a timer fetches a new token
/// before the current one expires and re-authenticates the open connections with it, as Azure closes a connection whose token
/// has expired. A failed token request is logged and retried; commands meanwhile fail fast (Redis accelerates, Durable decides).
/// </summary>
public sealed class RedisEntraAuthentication : DefaultOptionsProvider, IDisposable
{
    /// <summary>The scope of Redis access tokens.</summary>
    public const string Scope = "https://redis.azure.com/.default";

    /// <summary>How long before expiry a token is replaced.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan CheckInterval = TimeSpan.FromMinutes(1);

    private readonly TokenCredential _credential;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private AccessToken _token;
    private string? _user;
    private ITimer? _timer;

    public RedisEntraAuthentication(TokenCredential credential, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _credential = credential;
        _time = time;
        _logger = logger;
    }

    /// <summary>The identity's object id, from the current token.</summary>
    public override string? User => Current().User;

    /// <summary>The current access token.</summary>
    public override string? Password => Current().Token;

    /// <summary>Starts the refresh timer once the multiplexer exists.</summary>
    public override Task AfterConnectAsync(ConnectionMultiplexer multiplexer, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        _timer ??= _time.CreateTimer(_ => _ = RefreshInBackgroundAsync(multiplexer), null, CheckInterval, CheckInterval);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>
    /// Fetches a new token when the current one is within <see cref="RefreshMargin"/> of expiry and, when it did, sends
    /// <c>AUTH</c> on every connected server. Returns whether a new token was fetched.
    /// </summary>
    public async Task<bool> RefreshAsync(IConnectionMultiplexer multiplexer)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        var before = _token.Token;
        var (user, token) = Current();
        if (token is null || ReferenceEquals(before, token))
        {
            return false;
        }

        foreach (var server in multiplexer.GetServers().Where(server => server.IsConnected))
        {
            try
            {
                await server.ExecuteAsync("AUTH", user!, token).ConfigureAwait(false);
            }
            catch (RedisException exception)
            {
                _logger.LogWarning(exception, "Re-authenticating Redis server {Endpoint} with a new Microsoft Entra token failed; it reconnects with the token.", server.EndPoint);
            }
        }

        return true;
    }

    private async Task RefreshInBackgroundAsync(IConnectionMultiplexer multiplexer)
    {
        try
        {
            await RefreshAsync(multiplexer).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The multiplexer may be closing; the next tick or reconnect tries again.
            _logger.LogWarning(exception, "Renewing the Microsoft Entra token of the Redis connections failed.");
        }
    }

    /// <summary>
    /// The object id (<c>oid</c> claim) in a JWT access token, which Azure's Redis takes as the user name.
    /// </summary>
    /// <exception cref="InvalidOperationException">Not a JWT, or no <c>oid</c> claim.</exception>
    public static string ObjectId(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        try
        {
            if (parts.Length == 3)
            {
                using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
                if (payload.RootElement.TryGetProperty("oid", out var oid) && oid.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(oid.GetString()))
                {
                    return oid.GetString()!;
                }
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException)
        {
            throw new InvalidOperationException("The Redis access token is not a JWT.", exception);
        }

        throw new InvalidOperationException("The Redis access token has no 'oid' claim: Azure's Redis takes the identity's object id as the user.");
    }

    private (string? User, string? Token) Current()
    {
        lock (_gate)
        {
            if (_token.Token is null || _token.ExpiresOn - _time.GetUtcNow() <= RefreshMargin)
            {
                try
                {
                    var token = _credential.GetToken(new TokenRequestContext([Scope]), CancellationToken.None);
                    _user = ObjectId(token.Token);
                    _token = token;
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Connecting goes on with the old token (or none) and fails; StackExchange.Redis retries, and so do we.
                    _logger.LogWarning(exception, "Getting a Microsoft Entra token for Redis failed.");
                }
            }

            return (_user, _token.Token);
        }
    }
}
