using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Settings;

/// <summary>
/// Which backends the configuration selects, decided once: Blob Storage and the Azure Storage Durable backend when a
/// storage connection is set (<c>ImageFunctions:Storage:ConnectionString</c>, else <c>AzureWebJobsStorage</c> as a connection
/// string or an identity-based connection, see <see cref="Settings.StorageConnection"/>), else the file system and the
/// in-memory Durable backend, which only the standalone host allows; Redis when <c>ImageFunctions:Redis:ConnectionString</c>
/// or <c>ImageFunctions:Redis:Host</c> is set (see <see cref="Settings.RedisConnection"/>), else memory. The services, the standalone host's Durable backend, its start-up banner and <c>/health</c> all read
/// this record. The standalone host may run the in-memory Durable backend beside Blob Storage (<c>Standalone:DurableBackend=in-memory</c>).
/// </summary>
public sealed record BackendSelection(StorageConnection? StorageConnection, RedisConnection? RedisConnection, bool InMemoryDurable = false)
{
    /// <summary>The standalone host's setting that overrides the Durable backend.</summary>
    public const string DurableBackendKey = "Standalone:DurableBackend";

    /// <summary>The connection the Functions host itself uses, and ours when ImageFunctions:Storage:ConnectionString is unset.</summary>
    public const string HostStorageKey = "AzureWebJobsStorage";

    /// <summary>The image store: <c>blob</c> or <c>filesystem</c>.</summary>
    public string Storage => StorageConnection is null ? "filesystem" : "blob";

    /// <summary>The progress and cache store: <c>redis</c> or <c>memory</c>.</summary>
    public string State => RedisConnection is null ? "memory" : "redis";

    /// <summary>The Durable Task backend: <c>azure-storage</c> or <c>in-memory</c> (the Functions host always uses Azure Storage).</summary>
    public string Durable => DurableStorageConnection is null ? "in-memory" : "azure-storage";

    /// <summary>The storage connection of the Azure Storage Durable backend; null: the in-memory backend.</summary>
    public StorageConnection? DurableStorageConnection => InMemoryDurable ? null : StorageConnection;

    /// <summary>
    /// Reads the selection from <paramref name="configuration"/>; blank values count as unset. Under
    /// <see cref="HostKind.Functions"/> a storage connection is required: the instance's local disk is no place for images.
    /// </summary>
    /// <exception cref="InvalidOperationException">A bad or missing setting, named in the message.</exception>
    public static BackendSelection From(IConfiguration configuration, HostKind host)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = ImageFunctionsOptions.SectionName;
        var durable = NullIfBlank(configuration[DurableBackendKey]);
        if (durable is not (null or "in-memory" or "azure-storage"))
        {
            throw new InvalidOperationException($"{DurableBackendKey} must be 'in-memory' or 'azure-storage', not '{durable}'.");
        }

        var ownKey = $"{section}:Storage:ConnectionString";
        var storage = NullIfBlank(configuration[ownKey]) is { } own
            ? StorageConnection.FromConnectionString(ownKey, own)
            : StorageConnection.Read(configuration, HostStorageKey);
        if (storage is null && host == HostKind.Functions)
        {
            throw new InvalidOperationException(
                "No storage is configured, and under the Functions host images are never kept on the instance's local disk. Set "
                + $"{HostStorageKey} (a connection string, or {HostStorageKey}__accountName or {HostStorageKey}__blobServiceUri for an "
                + $"identity-based connection), or {section}__Storage__ConnectionString. Only the standalone host (--standalone) "
                + "falls back to the file system.");
        }

        if (durable == "azure-storage" && storage is null)
        {
            throw new InvalidOperationException($"{DurableBackendKey}=azure-storage needs a storage connection ({section}:Storage:ConnectionString or AzureWebJobsStorage).");
        }

        return new BackendSelection(storage, RedisConnection.Read(configuration), durable == "in-memory");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
