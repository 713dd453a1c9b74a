using ImageFunctions.Settings;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Tests.Unit.Hosting;

/// <summary>
/// The storage connection is read as the Functions host reads <c>AzureWebJobsStorage</c>: a connection string, or an
/// identity-based connection from the settings under it; under the Functions host there is no file-system fallback.
/// </summary>
public sealed class StorageConnectionTests
{
    private const string DevelopmentStorage = "UseDevelopmentStorage=true";

    [Fact]
    public void From_AccountNameAsEnvironmentVariables_SelectsBlobOnTheAccountsEndpoints()
    {
        // As Azure gives app settings to the worker: environment variables, `__` for the section separator.
        var prefix = $"IMAGEFUNCTIONS_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", "imagesacct");
        Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__credential", "managedidentity");
        try
        {
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();

            var backends = BackendSelection.From(configuration, HostKind.Functions);

            Assert.Equal("blob", backends.Storage);
            var connection = Assert.IsType<StorageConnection>(backends.StorageConnection);
            Assert.Null(connection.ConnectionString);
            Assert.Equal(new Uri("https://imagesacct.blob.core.windows.net"), connection.BlobServiceUri);
            Assert.Equal(new Uri("https://imagesacct.queue.core.windows.net"), connection.QueueServiceUri);
            Assert.Equal(new Uri("https://imagesacct.table.core.windows.net"), connection.TableServiceUri);
            Assert.Equal("managedidentity", connection.Identity?["credential"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__accountName", null);
            Environment.SetEnvironmentVariable(prefix + "AzureWebJobsStorage__credential", null);
        }
    }

    [Fact]
    public void From_BlobServiceUri_SelectsBlobOnThatUri()
    {
        var backends = BackendSelection.From(Configuration(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://images.example.net/" }), HostKind.Functions);

        var connection = Assert.IsType<StorageConnection>(backends.StorageConnection);
        Assert.Equal("blob", backends.Storage);
        Assert.Equal(new Uri("https://images.example.net/"), connection.BlobServiceUri);
        Assert.Null(connection.QueueServiceUri);
        Assert.Null(connection.TableServiceUri);
    }

    [Fact]
    public void From_ServiceUris_WinOverAccountName()
    {
        var connection = Read(new()
        {
            ["AzureWebJobsStorage:accountName"] = "imagesacct",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://blobs.example.net",
            ["AzureWebJobsStorage:tableServiceUri"] = "https://tables.example.net",
        });

        Assert.Equal(new Uri("https://blobs.example.net"), connection.BlobServiceUri);
        Assert.Equal(new Uri("https://imagesacct.queue.core.windows.net"), connection.QueueServiceUri);
        Assert.Equal(new Uri("https://tables.example.net"), connection.TableServiceUri);
    }

    [Fact]
    public void From_ServiceUriAlias_IsTheBlobService()
    {
        var connection = Read(new() { ["AzureWebJobsStorage:serviceUri"] = "https://blobs.example.net" });

        Assert.Equal(new Uri("https://blobs.example.net"), connection.BlobServiceUri);
    }

    [Fact]
    public void From_ConnectionString_StillSelectsBlobWithTheString()
    {
        var connection = Read(new() { ["AzureWebJobsStorage"] = DevelopmentStorage });

        Assert.Equal(DevelopmentStorage, connection.ConnectionString);
        Assert.Null(connection.Identity);
        Assert.Null(connection.BlobServiceUri);
    }

    [Fact]
    public void From_ConnectionStringBesideIdentitySettings_TheConnectionStringWins()
    {
        // The host's rule too: a setting with a value is a connection string, whatever lies under it.
        var connection = Read(new() { ["AzureWebJobsStorage"] = DevelopmentStorage, ["AzureWebJobsStorage:accountName"] = "imagesacct" });

        Assert.Equal(DevelopmentStorage, connection.ConnectionString);
        Assert.Null(connection.Identity);
    }

    [Fact]
    public void From_OwnConnectionString_WinsOverIdentityBasedHostStorage()
    {
        var connection = Read(new()
        {
            ["ImageFunctions:Storage:ConnectionString"] = DevelopmentStorage,
            ["AzureWebJobsStorage:accountName"] = "imagesacct",
        });

        Assert.Equal("ImageFunctions:Storage:ConnectionString", connection.Setting);
        Assert.Equal(DevelopmentStorage, connection.ConnectionString);
    }

    [Fact]
    public void From_IdentitySettingsWithoutBlobService_FailsNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BackendSelection.From(Configuration(new() { ["AzureWebJobsStorage:credential"] = "managedidentity" }), HostKind.Standalone));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("images.blob.core.windows.net")]
    public void From_ServiceUriNotHttps_FailsNamingTheSetting(string uri)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BackendSelection.From(Configuration(new() { ["AzureWebJobsStorage:blobServiceUri"] = uri }), HostKind.Standalone));

        Assert.Contains("AzureWebJobsStorage__blobServiceUri must be an absolute https URI", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_BadAccountName_FailsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BackendSelection.From(Configuration(new() { ["AzureWebJobsStorage:accountName"] = "Images.Account" }), HostKind.Standalone));

        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_FunctionsHostWithoutStorage_RefusesNamingTheSettings()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            BackendSelection.From(Configuration(new() { ["AzureWebJobsStorage"] = " ", ["ImageFunctions:Storage:LocalRoot"] = "images" }), HostKind.Functions));

        Assert.Contains("under the Functions host images are never kept on the instance's local disk", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__accountName", error.Message, StringComparison.Ordinal);
        Assert.Contains("AzureWebJobsStorage__blobServiceUri", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImageFunctions__Storage__ConnectionString", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_StandaloneWithoutStorage_KeepsTheFileSystem()
    {
        var backends = BackendSelection.From(Configuration(new()), HostKind.Standalone);

        Assert.Null(backends.StorageConnection);
        Assert.Equal("filesystem", backends.Storage);
        Assert.Equal("in-memory", backends.Durable);
    }

    [Fact]
    public void ToString_NeverShowsTheConnectionString()
    {
        const string Secret = "DefaultEndpointsProtocol=https;AccountName=images;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";

        var text = Read(new() { ["AzureWebJobsStorage"] = Secret }).ToString();

        Assert.Equal("AzureWebJobsStorage: connection string", text);
    }

    private static StorageConnection Read(Dictionary<string, string?> settings) =>
        Assert.IsType<StorageConnection>(BackendSelection.From(Configuration(settings), HostKind.Functions).StorageConnection);

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
