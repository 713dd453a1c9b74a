using System.Text;
using System.Text.Json;
using Azure.Core;
using ImageFunctions.Hosting;
using ImageFunctions.Settings;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ImageFunctions.Tests.Unit.Hosting;

/// <summary>
/// The Redis connection is a connection string (<c>ImageFunctions__Redis__ConnectionString</c>) or, for Azure's Redis with
/// Microsoft Entra authentication, <c>ImageFunctions__Redis__Host</c> plus the credential settings of the same section: TLS,
/// the token's object id as the user and the token as the password, replaced before it expires.
/// </summary>
public sealed class RedisConnectionTests
{
    private const string ClientId = "6f1c2b8e-0d4a-4c3e-9b7f-2a5d8e1f0c9b";
    private const string ObjectId = "0b6f2d51-7c1e-4a8f-9d3b-5e2a1c4f8e70";

    [Fact]
    public void From_EntraHostAsEnvironmentVariables_SelectsRedisWithTheIdentitysSettings()
    {
        // As Azure gives app settings to the worker (infra/main.bicep sets these three).
        var prefix = $"IMAGEFUNCTIONS_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "ImageFunctions__Redis__Host", "amr-abc.westeurope.redis.azure.net:10000");
        Environment.SetEnvironmentVariable(prefix + "ImageFunctions__Redis__credential", "managedidentity");
        Environment.SetEnvironmentVariable(prefix + "ImageFunctions__Redis__clientId", ClientId);
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var backends = BackendSelection.From(configuration, HostKind.Standalone);

            Assert.Equal("redis", backends.State);
            var redis = Assert.IsType<RedisConnection>(backends.RedisConnection);
            Assert.Null(redis.ConnectionString);
            Assert.Equal("amr-abc.westeurope.redis.azure.net", redis.Host);
            Assert.Equal(10000, redis.Port);
            Assert.Equal("managedidentity", redis.Identity!["credential"]);
            Assert.Equal(ClientId, redis.Identity["clientId"]);
            Assert.Equal("amr-abc.westeurope.redis.azure.net:10000, Microsoft Entra", redis.ToString());
        }
        finally
        {
            foreach (var key in new[] { "Host", "credential", "clientId" })
            {
                Environment.SetEnvironmentVariable($"{prefix}ImageFunctions__Redis__{key}", null);
            }
        }
    }

    [Fact]
    public void Read_HostWithoutPort_UsesTheTlsPortOfAzureCacheForRedis()
    {
        var redis = RedisConnection.Read(Configuration(("ImageFunctions:Redis:Host", " my-cache.redis.cache.windows.net ")))!;

        Assert.Equal("my-cache.redis.cache.windows.net", redis.Host);
        Assert.Equal(RedisConnection.DefaultTlsPort, redis.Port);
    }

    [Fact]
    public void Read_ConnectionString_IsKeptAndNeverShown()
    {
        var redis = RedisConnection.Read(Configuration(("ImageFunctions:Redis:ConnectionString", "localhost:6379,password=hunter2")))!;

        Assert.Equal("localhost:6379,password=hunter2", redis.ConnectionString);
        Assert.Null(redis.Host);
        Assert.DoesNotContain("hunter2", redis.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NeitherOrBlank_IsNullAndStateStaysInMemory()
    {
        var configuration = Configuration(("ImageFunctions:Redis:ConnectionString", " "), ("ImageFunctions:Redis:Host", ""), ("ImageFunctions:Redis:clientId", ClientId));

        Assert.Null(RedisConnection.Read(configuration));
        Assert.Equal("memory", BackendSelection.From(configuration, HostKind.Standalone).State);
    }

    [Fact]
    public void Read_BothConnectionStringAndHost_FailsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisConnection.Read(Configuration(
            ("ImageFunctions:Redis:ConnectionString", "localhost:6379"), ("ImageFunctions:Redis:Host", "my-cache.redis.cache.windows.net"))));

        Assert.Contains("ImageFunctions__Redis__ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImageFunctions__Redis__Host", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my-cache.redis.cache.windows.net:")]
    [InlineData("my-cache.redis.cache.windows.net:0")]
    [InlineData("my-cache.redis.cache.windows.net:70000")]
    [InlineData("rediss://my-cache.redis.cache.windows.net:6380")]
    [InlineData("my cache:6380")]
    public void Read_BadHost_FailsNamingTheSetting(string host)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisConnection.Read(Configuration(("ImageFunctions:Redis:Host", host))));

        Assert.Contains("ImageFunctions__Redis__Host", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRedisOptions_Host_ConnectsOverTlsWithEntraAuthentication()
    {
        var configuration = Configuration(("ImageFunctions:Redis:Host", "amr-abc.westeurope.redis.azure.net:10000"),
            ("ImageFunctions:Redis:credential", "managedidentity"), ("ImageFunctions:Redis:clientId", ClientId));
        var collection = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        collection.AddAzureClientsCore();
        using var services = collection.BuildServiceProvider();

        var options = ImageFunctions.Hosting.ServiceCollectionExtensions.CreateRedisOptions(RedisConnection.Read(configuration)!, services);

        Assert.True(options.Ssl);
        Assert.Equal("amr-abc.westeurope.redis.azure.net:10000", Assert.Single(options.EndPoints).ToString()!.Replace("Unspecified/", "", StringComparison.Ordinal));
        Assert.IsType<RedisEntraAuthentication>(options.Defaults);
    }

    [Fact]
    public void EntraAuthentication_UserIsTheTokensObjectIdAndPasswordTheToken_RenewedBeforeExpiry()
    {
        var time = new ManualTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var requests = new List<string[]>();
        var issued = 0;
        var credential = DelegatedTokenCredential.Create((context, _) =>
        {
            requests.Add(context.Scopes);
            issued++;
            return new AccessToken(Jwt(new { oid = ObjectId, n = issued }), time.GetUtcNow().AddHours(1));
        });
        using var authentication = new RedisEntraAuthentication(credential, time, NullLogger.Instance);

        var first = authentication.Password;
        Assert.Equal(ObjectId, authentication.User);
        time.Advance(TimeSpan.FromMinutes(50)); // 10 minutes left: still good
        Assert.Equal(first, authentication.Password);
        time.Advance(TimeSpan.FromMinutes(6)); // 4 minutes left: within the refresh margin
        var second = authentication.Password;

        Assert.NotEqual(first, second);
        Assert.Equal(2, issued);
        Assert.All(requests, scopes => Assert.Equal([RedisEntraAuthentication.Scope], scopes));
    }

    [Fact]
    public void EntraAuthentication_TokenRequestFails_HasNoPasswordYetAndRetriesOnTheNextConnect()
    {
        var fail = true;
        var credential = DelegatedTokenCredential.Create((_, _) => fail
            ? throw new InvalidOperationException("identity endpoint down")
            : new AccessToken(Jwt(new { oid = ObjectId }), DateTimeOffset.UtcNow.AddHours(1)));
        using var authentication = new RedisEntraAuthentication(credential, TimeProvider.System, NullLogger.Instance);

        Assert.Null(authentication.Password);
        fail = false;
        Assert.NotNull(authentication.Password);
        Assert.Equal(ObjectId, authentication.User);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b!.c")]
    public void ObjectId_NotAJwt_Fails(string token) =>
        Assert.Throws<InvalidOperationException>(() => RedisEntraAuthentication.ObjectId(token));

    [Fact]
    public void ObjectId_NoOidClaim_FailsSayingWhy()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisEntraAuthentication.ObjectId(Jwt(new { sub = "x" })));

        Assert.Contains("oid", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();

    /// <summary>An unsigned JWT with <paramref name="claims"/>, shaped as Entra's access tokens.</summary>
    private static string Jwt(object claims) =>
        $"{Base64Url("{\"alg\":\"none\"}")}.{Base64Url(JsonSerializer.Serialize(claims))}.";

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
