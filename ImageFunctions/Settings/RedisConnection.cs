using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Settings;

/// <summary>
/// The Redis connection, read from the <c>ImageFunctions:Redis</c> section: <c>ConnectionString</c> (a StackExchange.Redis
/// configuration string, e.g. <c>localhost:6379</c>; may carry a password, so never logged), or <c>Host</c> (<c>name:port</c>)
/// for Microsoft Entra authentication as Azure Cache for Redis and Azure Managed Redis take it: TLS, the identity's object id as
/// the user and an access token as the password. The token credential is made from the settings of the same section as for an
/// identity-based storage connection (<c>credential=managedidentity</c> + <c>clientId</c> for a user-assigned managed identity;
/// nothing: <c>DefaultAzureCredential</c>). <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class RedisConnection
{
    /// <summary>The section the connection is read from.</summary>
    public const string SectionName = ImageFunctionsOptions.SectionName + ":Redis";

    /// <summary>The key of a connection string.</summary>
    public const string ConnectionStringKey = SectionName + ":ConnectionString";

    /// <summary>The key of the host of an Entra-authenticated connection.</summary>
    public const string HostKey = SectionName + ":Host";

    /// <summary>The port when <see cref="HostKey"/> names none: Azure Cache for Redis's TLS port (Azure Managed Redis listens on 10000).</summary>
    public const int DefaultTlsPort = 6380;

    private RedisConnection(string? connectionString, string? host, int port, IConfigurationSection? identity)
    {
        ConnectionString = connectionString;
        Host = host;
        Port = port;
        Identity = identity;
    }

    /// <summary>The connection string (a secret: never log it); null for an Entra-authenticated connection.</summary>
    public string? ConnectionString { get; }

    /// <summary>Entra: the host name; null for a connection string.</summary>
    public string? Host { get; }

    /// <summary>Entra: the TLS port.</summary>
    public int Port { get; }

    /// <summary>Entra: the section whose settings name the token credential; null for a connection string.</summary>
    public IConfigurationSection? Identity { get; }

    /// <summary>
    /// Reads the connection from <paramref name="configuration"/>; null when neither <see cref="ConnectionStringKey"/> nor
    /// <see cref="HostKey"/> is set (blank values count as unset): job state is then kept in memory.
    /// </summary>
    /// <exception cref="InvalidOperationException">Both set, or a host that is not <c>name</c> or <c>name:port</c>, naming the setting.</exception>
    public static RedisConnection? Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = NullIfBlank(configuration[ConnectionStringKey]);
        var host = NullIfBlank(configuration[HostKey]);
        if (connectionString is not null && host is not null)
        {
            throw new InvalidOperationException(
                $"Set either {EnvironmentName(ConnectionStringKey)} (a connection string) or {EnvironmentName(HostKey)} (Microsoft Entra authentication), not both.");
        }

        if (connectionString is not null)
        {
            return new RedisConnection(connectionString, null, 0, null);
        }

        if (host is null)
        {
            return null;
        }

        var (name, port) = ParseHost(host.Trim());
        return new RedisConnection(null, name, port, configuration.GetSection(SectionName));
    }

    /// <summary>For the start-up banner and messages: how Redis is reached, never a password or token.</summary>
    public override string ToString() => Host is null ? "connection string" : $"{Host}:{Port}, Microsoft Entra";

    private static (string Name, int Port) ParseHost(string value)
    {
        var colon = value.LastIndexOf(':');
        var name = colon < 0 ? value : value[..colon];
        var port = DefaultTlsPort;
        if ((colon >= 0 && !int.TryParse(value[(colon + 1)..], out port)) || port is < 1 or > 65_535
            || Uri.CheckHostName(name) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            throw new InvalidOperationException(
                $"{EnvironmentName(HostKey)} must be a host name with an optional port (e.g. my-cache.redis.cache.windows.net:6380), not '{value}'.");
        }

        return (name, port);
    }

    private static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
