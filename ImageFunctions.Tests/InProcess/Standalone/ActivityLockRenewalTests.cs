using System.Collections.Concurrent;
using ImageFunctions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.InProcess.Standalone;

/// <summary>
/// On the Azure Storage backend an activity's queue message is hidden for only 15 s (so a killed process's work comes back
/// soon); the standalone host renews the lock while the activity runs, so a longer activity is not run a second time.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class ActivityLockRenewalTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task ActivityLongerThanTheVisibilityTimeout_RunsOnceAcrossTwoInstances()
    {
        // Two instances on one task hub, as on Azure when the app scales out. Without renewal, an activity's message comes
        // back while the activity still runs (here after 3 s of 8), and the other instance runs it a second time.
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:UploadsContainer"] = $"uploads-lock-{suffix}",
            ["ImageFunctions:Storage:ProcessedContainer"] = $"processed-lock-{suffix}",
            ["Standalone:DurableBackend"] = "azure-storage",
            ["AzureFunctionsJobHost:extensions:durableTask:hubName"] = "lock" + suffix,
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout"] = "00:00:03",
        };
        var reads = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        void Count(IServiceCollection services) =>
            services.DecorateImageStore(inner => new ReadCounter(inner, $"uploads-lock-{suffix}", TimeSpan.FromSeconds(8), reads));
        await using var first = await AppHost.StartAsync(azurite, redis, settings, Count);
        await using var second = await AppHost.StartAsync(azurite, redis, settings, Count);

        var job = await first.Api.SubmitAsync(UploadFiles.Pngs(6), "invert");
        var status = await first.Api.WaitUntilReadyAsync(job.JobId, TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(8)); // long enough for a message that came back to run again

        Assert.True(status.AllSuccessful);
        Assert.Equal(6, reads.Count);
        Assert.All(reads, read => Assert.True(read.Value == 1, $"{read.Key} was processed {read.Value} times"));
    }

    private sealed class ReadCounter(IImageStore inner, string uploads, TimeSpan delay, ConcurrentDictionary<string, int> perBlob)
        : DelegatingImageStore(inner)
    {
        public override async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
        {
            if (container == uploads)
            {
                perBlob.AddOrUpdate(name, 1, (_, n) => n + 1);
                await Task.Delay(delay, cancellationToken);
            }

            return await base.OpenReadAsync(container, name, cancellationToken);
        }
    }
}
