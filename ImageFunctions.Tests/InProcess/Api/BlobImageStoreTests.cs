using Azure.Storage.Blobs;
using ImageFunctions.Storage;
using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Tests.InProcess.Api;

[Collection(ServicesCollection.Name)]
public sealed class BlobImageStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SaveAsync_BlobStorageRefuses_ThrowsStorageUnavailable()
    {
        var store = new BlobImageStore(new BlobServiceClient(azurite.ConnectionString));

        // Blob Storage refuses upper-case container names (400 InvalidResourceName).
        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            store.SaveAsync("Not_A_Container", "job/a.png", new MemoryStream([1, 2, 3]), "image/png", CancellationToken.None));

        Assert.IsType<Azure.RequestFailedException>(error.InnerException);
    }
}
