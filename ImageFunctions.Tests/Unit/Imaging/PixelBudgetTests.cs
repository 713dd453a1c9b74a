using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>The weighted semaphore that admits images by their pixel count (first come, first served).</summary>
public sealed class PixelBudgetTests
{
    [Fact]
    public async Task Acquire_WithinTheCapacity_IsImmediate_AndDisposingGivesThePixelsBack()
    {
        var budget = new PixelBudget(10);

        var a = budget.AcquireAsync(4, CancellationToken.None);
        var b = budget.AcquireAsync(6, CancellationToken.None);

        Assert.True(a.IsCompletedSuccessfully && b.IsCompletedSuccessfully);
        Assert.Equal(10, budget.InUse);
        (await a).Dispose();
        (await a).Dispose(); // twice is harmless
        Assert.Equal(6, budget.InUse);
        (await b).Dispose();
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public async Task Acquire_OverWhatIsLeft_WaitsUntilEnoughIsGivenBack()
    {
        var budget = new PixelBudget(10);
        var held = await budget.AcquireAsync(7, CancellationToken.None);

        var waiting = budget.AcquireAsync(5, CancellationToken.None).AsTask();

        Assert.False(waiting.IsCompleted);
        Assert.Equal(7, budget.InUse);
        held.Dispose();
        using var admitted = await waiting;
        Assert.Equal(5, admitted.Weight);
        Assert.Equal(5, budget.InUse);
    }

    [Fact]
    public async Task Acquire_IsFirstComeFirstServed_ASmallRequestDoesNotOvertakeAWaitingLargeOne()
    {
        var budget = new PixelBudget(10);
        var held = await budget.AcquireAsync(6, CancellationToken.None);
        var large = budget.AcquireAsync(8, CancellationToken.None).AsTask();

        var small = budget.AcquireAsync(2, CancellationToken.None).AsTask(); // would fit in the 4 left, but the large one came first

        Assert.False(large.IsCompleted);
        Assert.False(small.IsCompleted);
        held.Dispose();
        using var first = await large;
        using var second = await small;
        Assert.Equal(10, budget.InUse);
    }

    [Fact]
    public async Task Acquire_MoreThanTheCapacity_CountsAsTheWholeCapacity()
    {
        var budget = new PixelBudget(10);

        using (var alone = await budget.AcquireAsync(1_000, CancellationToken.None))
        {
            Assert.Equal(10, alone.Weight);
            Assert.False(budget.AcquireAsync(1, CancellationToken.None).IsCompleted);
        }
    }

    [Fact]
    public async Task Acquire_CancelledWhileWaiting_Throws_AndLetsTheWaitersBehindIn()
    {
        var budget = new PixelBudget(10);
        var held = await budget.AcquireAsync(6, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var large = budget.AcquireAsync(8, cancel.Token).AsTask();
        var small = budget.AcquireAsync(4, CancellationToken.None).AsTask();
        Assert.False(small.IsCompleted);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => large);
        using var admitted = await small;
        Assert.Equal(10, budget.InUse);
        held.Dispose();
        Assert.Equal(4, budget.InUse);
    }
}
