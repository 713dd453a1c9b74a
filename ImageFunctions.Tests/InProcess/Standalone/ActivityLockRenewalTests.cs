using System.Collections.Concurrent;
using ImageFunctions.Storage;

namespace ImageFunctions.Tests.InProcess.Standalone;

/// <summary>
/// On the Azure Storage backend an activity's queue message is hidden for only 15 s (so a killed process's work comes back
/// soon); the standalone host renews the lock while the activity runs, so a longer activity is not run a second time.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ActivityLockRenewalTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task ActivityLongerThanTheVisibilityTimeout_RunsOnce()
    {
        var uploads = $"uploads-lock-{Guid.NewGuid():N}"[..30];
        ReadCounter? reads = null;
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?>
            {
                ["ImageFunctions:Storage:UploadsContainer"] = uploads,
                ["Standalone:DurableBackend"] = "azure-storage",
                ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = AzureStorageEndToEndTests.UniqueHubName("lock"),
                ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:00:03",
            },
            services => services.DecorateImageStore(inner => reads = new ReadCounter(inner, uploads, TimeSpan.FromSeconds(8))));

        var job = await host.Api.SubmitAsync(UploadFiles.Pngs(2), "invert");
        var status = await host.Api.WaitUntilReadyAsync(job.JobId, TimeSpan.FromMinutes(2));

        Assert.True(status.AllSuccessful);
        // Each activity read its upload once: its message never came back while it ran (8 s, nearly 3 visibility timeouts).
        Assert.All(reads!.PerBlob.Values, count => Assert.Equal(1, count));
        Assert.Equal(2, reads.PerBlob.Count);
    }

    private sealed class ReadCounter(IImageStore inner, string uploads, TimeSpan delay) : DelegatingImageStore(inner)
    {
        public ConcurrentDictionary<string, int> PerBlob { get; } = new(StringComparer.Ordinal);

        public override async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
        {
            if (container == uploads)
            {
                PerBlob.AddOrUpdate(name, 1, (_, n) => n + 1);
                await Task.Delay(delay, cancellationToken);
            }

            return await base.OpenReadAsync(container, name, cancellationToken);
        }
    }
}
