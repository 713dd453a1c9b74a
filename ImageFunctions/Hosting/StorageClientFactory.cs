using Azure.Core;
using Azure.Storage.Blobs;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.Extensions.Azure;

namespace ImageFunctions.Hosting;

/// <summary>
/// The Azure Storage clients of the configured <see cref="StorageConnection"/>: from its connection string, or from its service
/// URIs with the token credential that Microsoft.Extensions.Azure's <see cref="AzureComponentFactory"/> makes from its settings,
/// as the Functions host makes it: <c>credential=managedidentity</c> is the app's managed identity (the user-assigned one of
/// <c>clientId</c> if set, else the system-assigned one); <c>tenantId</c> + <c>clientId</c> + <c>clientSecret</c> an app
/// registration; nothing of these <c>DefaultAzureCredential</c> (environment, managed identity, developer sign-ins). One credential
/// per connection, so the image store and the Durable backend share its token cache.
/// </summary>
public sealed class StorageClientFactory
{
    private readonly Lazy<TokenCredential?> _credential;

    public StorageClientFactory(StorageConnection connection, AzureComponentFactory components)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(components);
        Connection = connection;
        _credential = new(() => connection.Identity is { } identity ? components.CreateTokenCredential(identity) : null);
    }

    public StorageConnection Connection { get; }

    /// <summary>The token credential of an identity-based connection; null for a connection string.</summary>
    public TokenCredential? Credential => _credential.Value;

    /// <summary>For the start-up banner: where and how, never a secret.</summary>
    public string Description => Credential is { } credential ? $"{Connection}, {credential.GetType().Name}" : Connection.ToString();

    /// <summary>The Blob service client of the image store, speaking <see cref="BlobStorageClientOptions.ServiceVersion"/>.</summary>
    /// <param name="options">Other options (the start-up check's short retries); null: <see cref="BlobStorageClientOptions.Create"/>.</param>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions? options = null)
    {
        options ??= BlobStorageClientOptions.Create();
        return Credential is { } credential
            ? new BlobServiceClient(Connection.BlobServiceUri, credential, options)
            : new BlobServiceClient(Connection.ConnectionString, options);
    }
}
