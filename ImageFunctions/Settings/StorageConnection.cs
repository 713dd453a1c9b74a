using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Settings;

/// <summary>
/// A storage account connection, read as the Functions host reads <c>AzureWebJobsStorage</c>: a setting with a value is a
/// connection string; a setting without one but with settings under it (<c>AzureWebJobsStorage__blobServiceUri</c>, ...)
/// is an identity-based connection: service URIs, or <c>accountName</c> for <c>https://{accountName}.{service}.core.windows.net</c>,
/// plus how a token is obtained (<c>credential</c>, <c>clientId</c>, ...), which Microsoft.Extensions.Azure reads from
/// <see cref="Identity"/> when the clients are built. <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed partial class StorageConnection
{
    private const string AccountNameKey = "accountName";

    private StorageConnection(string setting, string? connectionString, IConfigurationSection? identity, Uri? blob, Uri? queue, Uri? table)
    {
        Setting = setting;
        ConnectionString = connectionString;
        Identity = identity;
        BlobServiceUri = blob;
        QueueServiceUri = queue;
        TableServiceUri = table;
    }

    /// <summary>The setting it was read from, e.g. <c>AzureWebJobsStorage</c> (configuration path, <c>:</c>-separated).</summary>
    public string Setting { get; }

    /// <summary>The connection string (a secret: never log it); null for an identity-based connection.</summary>
    public string? ConnectionString { get; }

    /// <summary>The settings of an identity-based connection, which name its credential; null for a connection string.</summary>
    public IConfigurationSection? Identity { get; }

    /// <summary>Identity-based: the Blob service; null for a connection string (its endpoints are in the string).</summary>
    public Uri? BlobServiceUri { get; }

    /// <summary>Identity-based: the Queue service, if configured (the Azure Storage Durable backend needs it).</summary>
    public Uri? QueueServiceUri { get; }

    /// <summary>Identity-based: the Table service, if configured (the Azure Storage Durable backend needs it).</summary>
    public Uri? TableServiceUri { get; }

    /// <summary>A connection string from <paramref name="setting"/>.</summary>
    public static StorageConnection FromConnectionString(string setting, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageConnection(setting, connectionString, null, null, null, null);
    }

    /// <summary>
    /// Reads the connection named <paramref name="setting"/>: its value as a connection string, else the identity-based
    /// settings under it; null when neither is set (blank values count as unset).
    /// </summary>
    /// <exception cref="InvalidOperationException">Identity settings without a usable Blob service, naming the settings.</exception>
    public static StorageConnection? Read(IConfiguration configuration, string setting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(setting);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return FromConnectionString(setting, section.Value);
        }

        if (!section.GetChildren().Any(child => !string.IsNullOrWhiteSpace(child.Value)))
        {
            return null;
        }

        var blob = ServiceUri(section, "blob", alias: "serviceUri")
            ?? throw new InvalidOperationException(
                $"{EnvironmentName(section.Path, "")} has identity-based settings but no Blob service: set {EnvironmentName(section.Path, AccountNameKey)} "
                + $"(https://{{accountName}}.blob.core.windows.net) or {EnvironmentName(section.Path, "blobServiceUri")}.");
        return new StorageConnection(setting, null, section, blob, ServiceUri(section, "queue"), ServiceUri(section, "table"));
    }

    /// <summary>For the start-up banner and messages: the setting and the Blob endpoint, never a key or token.</summary>
    public override string ToString() => Identity is null
        ? $"{Setting}: connection string"
        : $"{Setting}: identity-based, {BlobServiceUri!.GetLeftPart(UriPartial.Path)}";

    /// <summary>The environment-variable name of a setting of this connection (<c>AzureWebJobsStorage__queueServiceUri</c>).</summary>
    public string EnvironmentName(string key) => EnvironmentName(Setting, key);

    // {service}ServiceUri (or its alias) wins over accountName: the explicit endpoint is the more specific setting, as in
    // the Durable Functions extension, which reads the same connection for its queues and tables.
    private static Uri? ServiceUri(IConfigurationSection section, string service, string? alias = null)
    {
        var key = service + "ServiceUri";
        if (Blank(section[key]) && alias is not null && !Blank(section[alias]))
        {
            key = alias;
        }

        if (!Blank(section[key]))
        {
            var value = section[key]!.Trim();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException(
                    $"{EnvironmentName(section.Path, key)} must be an absolute https URI: tokens are sent only over HTTPS.");
            }

            return uri;
        }

        var account = section[AccountNameKey]?.Trim();
        if (Blank(account))
        {
            return null;
        }

        if (!AccountName().IsMatch(account!))
        {
            throw new InvalidOperationException(
                $"{EnvironmentName(section.Path, AccountNameKey)} must be a storage account name (3-24 lower-case letters and digits), not '{account}'.");
        }

        return new Uri($"https://{account}.{service}.core.windows.net");
    }

    private static string EnvironmentName(string setting, string key) =>
        (key.Length == 0 ? setting : ConfigurationPath.Combine(setting, key)).Replace(":", "__", StringComparison.Ordinal);

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    [GeneratedRegex("^[a-z0-9]{3,24}$")]
    private static partial Regex AccountName();
}
