using System.Text;
using System.Text.Json;
using Azure.Core;
using ImageFunctions.Hosting;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ImageFunctions.Tests.InProcess.Infrastructure;

/// <summary>
/// Microsoft Entra sign-in as StackExchange.Redis performs it, against a real Redis whose ACL user stands in for Azure's:
/// the user is the token's object id and the password the token. Azure's token issuer is the one stand-in (a credential that
/// hands out unsigned JWTs); TLS is left out because the local server has none.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RedisEntraAuthenticationTests(RedisFixture redis)
{
    [Fact]
    public async Task Connect_SignsInAsTheObjectId_AndARenewedTokenReauthenticatesTheOpenConnection()
    {
        var objectId = Guid.NewGuid().ToString();
        string Token(int n) => Jwt(new { oid = objectId, n });
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var issued = 0;
        var credential = DelegatedTokenCredential.Create((_, _) => new AccessToken(Token(++issued), time.GetUtcNow().AddHours(1)));
        var logger = new WarningLog();
        using var authentication = new RedisEntraAuthentication(credential, time, logger);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("ACL", "SETUSER", objectId, "on", ">" + Token(1), "~*", "&*", "+@all");
        try
        {
            var options = ConfigurationOptions.Parse(redis.ConnectionString);
            options.Defaults = authentication;
            await using var app = await ConnectionMultiplexer.ConnectAsync(options);
            var key = $"entra-test:{objectId}";
            await app.GetDatabase().StringSetAsync(key, "1", TimeSpan.FromMinutes(1));
            var whoAmI = (string?)await app.GetDatabase().ExecuteAsync("ACL", "WHOAMI");

            // Azure replaces the token: only the second one is accepted from now on.
            await server.ExecuteAsync("ACL", "SETUSER", objectId, ">" + Token(2), "<" + Token(1));
            time.Advance(TimeSpan.FromMinutes(56));
            var renewed = await authentication.RefreshAsync(app);

            Assert.Equal(objectId, whoAmI);
            Assert.True(renewed);
            Assert.Equal(2, issued);
            Assert.Empty(logger.Warnings);
            Assert.Equal("1", (string?)await app.GetDatabase().StringGetAsync(key));
        }
        finally
        {
            await server.ExecuteAsync("ACL", "DELUSER", objectId);
        }
    }

    [Fact]
    public async Task Refresh_TokenRefused_IsLoggedNotThrown()
    {
        var objectId = Guid.NewGuid().ToString();
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var issued = 0;
        var credential = DelegatedTokenCredential.Create((_, _) => new AccessToken(Jwt(new { oid = objectId, n = ++issued }), time.GetUtcNow().AddHours(1)));
        var logger = new WarningLog();
        using var authentication = new RedisEntraAuthentication(credential, time, logger);
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        await server.ExecuteAsync("ACL", "SETUSER", objectId, "on", ">" + Jwt(new { oid = objectId, n = 1 }), "~*", "&*", "+@all");
        try
        {
            var options = ConfigurationOptions.Parse(redis.ConnectionString);
            options.Defaults = authentication;
            await using var app = await ConnectionMultiplexer.ConnectAsync(options);
            await app.GetDatabase().PingAsync();

            time.Advance(TimeSpan.FromMinutes(56)); // the new token (n = 2) is not one the server knows
            await authentication.RefreshAsync(app);

            Assert.Contains(logger.Warnings, w => w.Contains("Re-authenticating Redis server", StringComparison.Ordinal));
        }
        finally
        {
            await server.ExecuteAsync("ACL", "DELUSER", objectId);
        }
    }

    private static string Jwt(object claims) =>
        $"{Base64Url("{\"alg\":\"none\"}")}.{Base64Url(JsonSerializer.Serialize(claims))}.";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    private sealed class WarningLog : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (Warnings)
                {
                    Warnings.Add(formatter(state, exception) + " " + exception?.Message);
                }
            }
        }
    }
}
