using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using ImageFunctions.Hosting;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Unit.Hosting;

/// <summary>
/// The clients of the storage connection: an identity-based one gets the credential its settings name, made by
/// Microsoft.Extensions.Azure as the Functions host makes it; the image store and the Durable backend use the same one.
/// </summary>
public sealed class StorageClientFactoryTests
{
    [Fact]
    public void Credential_ManagedIdentityWithClientId_IsAManagedIdentityCredential()
    {
        var clients = Clients(new()
        {
            ["AzureWebJobsStorage:accountName"] = "imagesacct",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-0000000000c1",
        });

        Assert.IsType<ManagedIdentityCredential>(clients.Credential);
        Assert.Equal(new Uri("https://imagesacct.blob.core.windows.net/"), clients.CreateBlobServiceClient().Uri);
        Assert.Equal("AzureWebJobsStorage: identity-based, https://imagesacct.blob.core.windows.net/, ManagedIdentityCredential", clients.Description);
    }

    [Fact]
    public void Credential_NoneNamed_IsTheDefaultCredential()
    {
        var clients = Clients(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://images.example.net" });

        Assert.IsType<DefaultAzureCredential>(clients.Credential);
        Assert.Equal(new Uri("https://images.example.net/"), clients.CreateBlobServiceClient().Uri);
    }

    [Fact]
    public void Credential_ConnectionString_IsNoneAndTheClientUsesTheString()
    {
        var clients = Clients(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Null(clients.Credential);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), clients.CreateBlobServiceClient().Uri);
        Assert.Equal("AzureWebJobsStorage: connection string", clients.Description);
    }

    [Fact]
    public void AddImageFunctions_IdentityBasedHostStorage_SelectsBlobStore()
    {
        var configuration = Configuration(new() { ["AzureWebJobsStorage:accountName"] = "imagesacct", ["AzureWebJobsStorage:credential"] = "managedidentity" });
        using var services = new ServiceCollection().AddLogging().AddImageFunctions(configuration, HostKind.Functions).BuildServiceProvider();

        Assert.IsType<BlobImageStore>(services.GetRequiredService<IImageStore>());
        Assert.IsType<ManagedIdentityCredential>(services.GetRequiredService<StorageClientFactory>().Credential);
    }

    [Fact]
    public void AddImageFunctions_FunctionsHostWithoutStorage_Refuses()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddLogging().AddImageFunctions(Configuration(new()), HostKind.Functions));

        Assert.Contains("AzureWebJobsStorage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DurableClientProvider_AccountName_UsesTheAccountsThreeServicesWithTheCredential()
    {
        var clients = Clients(new() { ["AzureWebJobsStorage:accountName"] = "imagesacct", ["AzureWebJobsStorage:credential"] = "managedidentity" });

        var provider = DurableBackend.ClientProvider(clients);

        Assert.Equal(new Uri("https://imagesacct.blob.core.windows.net/"), provider.Blob.CreateClient(new BlobClientOptions()).Uri);
        Assert.Equal(new Uri("https://imagesacct.queue.core.windows.net/"), provider.Queue.CreateClient(new QueueClientOptions()).Uri);
        Assert.Equal(new Uri("https://imagesacct.table.core.windows.net/"), provider.Table.CreateClient(new Azure.Data.Tables.TableClientOptions()).Uri);
    }

    [Fact]
    public void DurableClientProvider_BlobServiceOnly_FailsNamingTheMissingSettings()
    {
        var clients = Clients(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://images.example.net" });

        var error = Assert.Throws<InvalidOperationException>(() => DurableBackend.ClientProvider(clients));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__tableServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Contains("Standalone__DurableBackend=in-memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DurableClientProvider_ConnectionString_UsesTheString()
    {
        var provider = DurableBackend.ClientProvider(Clients(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), provider.Queue.CreateClient(new QueueClientOptions()).Uri);
    }

    private static StorageClientFactory Clients(Dictionary<string, string?> settings)
    {
        var connection = BackendSelection.From(Configuration(settings), HostKind.Standalone).StorageConnection!;
        var services = new ServiceCollection();
        services.AddAzureClientsCore();
        return new StorageClientFactory(connection, services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>());
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
