using ImageFunctions.Api.Submission;
using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// A claimed <c>Idempotency-Key</c> stays held while its request runs longer than one lease (a slow upload), and lapses
/// within a lease once the renewals stop (a crashed request): on the Redis store and the memory store.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class IdempotencyLeaseTests(RedisFixture redis)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMilliseconds(900);

    [Theory]
    [InlineData("redis")]
    [InlineData("memory")]
    public async Task Renewal_HoldsTheKeyPastItsLease_AndItLapsesOnceTheRenewalsStop(string backend)
    {
        await using var connection = backend == "redis" ? await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString) : null;
        using var memory = new MemoryJobStateStore(TimeSpan.FromHours(1));
        IJobStateStore state = connection is null
            ? memory
            : new RedisJobStateStore(connection, TimeSpan.FromHours(1), NullLogger<RedisJobStateStore>.Instance);
        var keyHash = $"lease-test-{Guid.NewGuid():N}";

        Assert.True((await state.ClaimIdempotencyKeyAsync(keyHash, "first", Lease, CancellationToken.None)).Claimed);
        await using (IdempotencyLeaseRenewal.Start(state, keyHash, "first", Lease, TimeProvider.System, NullLogger.Instance))
        {
            // Three leases long: without the renewals the claim would have lapsed twice over.
            await Task.Delay(Lease * 3);
            var during = await state.ClaimIdempotencyKeyAsync(keyHash, "second", Lease, CancellationToken.None);
            Assert.False(during.Claimed);
            Assert.Null(during.Existing);
        }

        // Neither bound nor released, as after a crash: the key is free again within about one lease.
        var freed = false;
        for (var waited = TimeSpan.Zero; !freed && waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(100))
        {
            await Task.Delay(100);
            freed = (await state.ClaimIdempotencyKeyAsync(keyHash, "third", Lease, CancellationToken.None)).Claimed;
        }

        Assert.True(freed, "the key was still held 10 s after its renewals stopped");
    }
}
