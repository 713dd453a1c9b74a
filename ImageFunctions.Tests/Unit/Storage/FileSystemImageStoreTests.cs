using ImageFunctions.Storage;

namespace ImageFunctions.Tests.Unit.Storage;

public sealed class FileSystemImageStoreTests
{
    [Fact]
    public async Task SaveAsync_RootIsAFile_ThrowsStorageUnavailable()
    {
        var root = Path.GetTempFileName(); // a file where the store needs a folder
        try
        {
            var store = new FileSystemImageStore(root);

            var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
                store.SaveAsync("uploads", "job/a.png", new MemoryStream([1, 2, 3]), "image/png", CancellationToken.None));

            Assert.Contains("uploads/job/a.png", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(root);
        }
    }
}
