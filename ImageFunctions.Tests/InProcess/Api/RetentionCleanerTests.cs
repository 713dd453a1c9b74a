using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.InProcess.Api;

[Collection(ServicesCollection.Name)]
public sealed class RetentionCleanerTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task CleanAsync_JobOlderThanRetention_DeletesBlobsAndPurgesRecord()
    {
        var clock = new ShiftedTimeProvider();
        await using var host = await AppHost.StartAsync(azurite, redis, configureServices: s => s.AddSingleton<TimeProvider>(clock));
        var spec = await JobFactory.StartAsync(host, "blur", ("old.png", TestImages.Png(seed: 11)));
        await host.WaitForJobAsync(spec.JobId);
        var cleaner = host.Get<RetentionCleaner>();

        Assert.Equal(0, await cleaner.CleanAsync(host.Client, default));
        Assert.NotNull(await host.Client.GetInstanceAsync(spec.JobId));

        clock.Offset = TimeSpan.FromHours(host.Options.Jobs.RetentionHours + 1);
        Assert.Equal(2, await cleaner.CleanAsync(host.Client, default));

        Assert.Null(await host.Client.GetInstanceAsync(spec.JobId));
        await foreach (var _ in host.Store.ListAsync(host.Options.Storage.ProcessedContainer, spec.JobId, default))
        {
            Assert.Fail("A processed image outlived the retention period.");
        }
    }

    private sealed class ShiftedTimeProvider : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
