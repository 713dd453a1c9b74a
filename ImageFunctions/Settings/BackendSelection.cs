using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Settings;

/// <summary>
/// Which backends the configuration selects, decided once: Blob Storage and the Azure Storage Durable backend when a
/// storage connection is set (<c>ImageFunctions:Storage:ConnectionString</c>, else <c>AzureWebJobsStorage</c>), else the
/// file system and the in-memory Durable backend; Redis when <c>ImageFunctions:Redis:ConnectionString</c> is set, else
/// memory. The services, the standalone host's Durable backend, its start-up banner and <c>/health</c> all read this record.
/// The standalone host may run the in-memory Durable backend beside Blob Storage (<c>Standalone:DurableBackend=in-memory</c>).
/// </summary>
public sealed record BackendSelection(string? StorageConnection, string? RedisConnection, bool InMemoryDurable = false)
{
    /// <summary>The standalone host's setting that overrides the Durable backend.</summary>
    public const string DurableBackendKey = "Standalone:DurableBackend";

    /// <summary>The image store: <c>blob</c> or <c>filesystem</c>.</summary>
    public string Storage => StorageConnection is null ? "filesystem" : "blob";

    /// <summary>The progress and cache store: <c>redis</c> or <c>memory</c>.</summary>
    public string State => RedisConnection is null ? "memory" : "redis";

    /// <summary>The Durable Task backend: <c>azure-storage</c> or <c>in-memory</c> (the Functions host always uses Azure Storage).</summary>
    public string Durable => DurableStorageConnection is null ? "in-memory" : "azure-storage";

    /// <summary>The storage connection of the Azure Storage Durable backend; null: the in-memory backend.</summary>
    public string? DurableStorageConnection => InMemoryDurable ? null : StorageConnection;

    /// <summary>Reads the selection from <paramref name="configuration"/>; blank values count as unset.</summary>
    public static BackendSelection From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = ImageFunctionsOptions.SectionName;
        var durable = NullIfBlank(configuration[DurableBackendKey]);
        if (durable is not (null or "in-memory" or "azure-storage"))
        {
            throw new InvalidOperationException($"{DurableBackendKey} must be 'in-memory' or 'azure-storage', not '{durable}'.");
        }

        var storage = NullIfBlank(configuration[$"{section}:Storage:ConnectionString"]) ?? NullIfBlank(configuration["AzureWebJobsStorage"]);
        if (durable == "azure-storage" && storage is null)
        {
            throw new InvalidOperationException($"{DurableBackendKey}=azure-storage needs a storage connection ({section}:Storage:ConnectionString or AzureWebJobsStorage).");
        }

        return new BackendSelection(storage, NullIfBlank(configuration[$"{section}:Redis:ConnectionString"]), durable == "in-memory");
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
