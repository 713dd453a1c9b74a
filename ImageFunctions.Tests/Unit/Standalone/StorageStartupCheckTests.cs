using ImageFunctions.Hosting;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Settings;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>The start-up check before any request: nothing to check, or a connection string the SDK cannot read.</summary>
public sealed class StorageStartupCheckTests
{
    [Fact]
    public async Task RunAsync_NoStorageConnection_ChecksNothing()
    {
        await StorageStartupCheck.RunAsync(null, durable: true, "uploads", "Hub", CancellationToken.None);
    }

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=secret-key")]
    public async Task RunAsync_UnreadableConnectionString_NamesTheSettingButNotItsValue(string connection)
    {
        var collection = new ServiceCollection();
        collection.AddAzureClientsCore();
        using var services = collection.BuildServiceProvider();
        var storage = new StorageClientFactory(
            StorageConnection.FromConnectionString(BackendSelection.HostStorageKey, connection), services.GetRequiredService<AzureComponentFactory>());

        var failure = await Assert.ThrowsAsync<StartupFailureException>(
            () => StorageStartupCheck.RunAsync(storage, durable: true, "uploads", "Hub", CancellationToken.None));

        Assert.StartsWith("AzureWebJobsStorage is not a valid storage connection string.", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(connection, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key", failure.Message, StringComparison.Ordinal);
    }
}
