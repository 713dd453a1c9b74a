using ImageFunctions.Jobs;

namespace ImageFunctions.Tests.Unit.Jobs;

/// <summary>Idempotency keys in <see cref="MemoryJobStateStore"/>: claim, bind, release and forget, each only by its holder.</summary>
public sealed class MemoryIdempotencyKeyTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);
    private static readonly IdempotencyRecord Record = new("fp", "job1", ["t1"]);

    [Fact]
    public async Task Claim_FirstWins_SecondSeesItInProgress()
    {
        using var store = new MemoryJobStateStore(TimeSpan.FromHours(1));

        Assert.Equal(IdempotencyClaim.Won, await store.ClaimIdempotencyKeyAsync("k", "a", Lease, default));
        Assert.Equal(IdempotencyClaim.InProgress, await store.ClaimIdempotencyKeyAsync("k", "b", Lease, default));
    }

    [Fact]
    public async Task Complete_ByTheHolder_BindsTheKey_ByAnotherIsRefused()
    {
        using var store = new MemoryJobStateStore(TimeSpan.FromHours(1));
        await store.ClaimIdempotencyKeyAsync("k", "a", Lease, default);

        Assert.False(await store.CompleteIdempotencyKeyAsync("k", "b", Record, default));
        Assert.True(await store.CompleteIdempotencyKeyAsync("k", "a", Record, default));
        Assert.Equal(Record, (await store.ClaimIdempotencyKeyAsync("k", "c", Lease, default)).Existing);
    }

    [Fact]
    public async Task Release_ByTheHolder_FreesTheKey_ByAnotherDoesNot()
    {
        using var store = new MemoryJobStateStore(TimeSpan.FromHours(1));
        await store.ClaimIdempotencyKeyAsync("k", "a", Lease, default);

        await store.ReleaseIdempotencyKeyAsync("k", "b", default);
        Assert.Equal(IdempotencyClaim.InProgress, await store.ClaimIdempotencyKeyAsync("k", "c", Lease, default));
        await store.ReleaseIdempotencyKeyAsync("k", "a", default);
        Assert.Equal(IdempotencyClaim.Won, await store.ClaimIdempotencyKeyAsync("k", "d", Lease, default));
    }

    [Fact]
    public async Task Forget_OnlyForItsJob()
    {
        using var store = new MemoryJobStateStore(TimeSpan.FromHours(1));
        await store.ClaimIdempotencyKeyAsync("k", "a", Lease, default);
        await store.CompleteIdempotencyKeyAsync("k", "a", Record, default);

        await store.ForgetIdempotencyKeyAsync("k", "job2", default);
        Assert.Equal(Record, (await store.ClaimIdempotencyKeyAsync("k", "b", Lease, default)).Existing);
        await store.ForgetIdempotencyKeyAsync("k", "job1", default);
        Assert.Equal(IdempotencyClaim.Won, await store.ClaimIdempotencyKeyAsync("k", "c", Lease, default));
    }
}
