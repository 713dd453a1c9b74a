using ImageFunctions.Tests.Support;
using ImageFunctions.Jobs;

namespace ImageFunctions.Tests.Unit.Jobs;

/// <summary><see cref="ImageWindow"/>: at most a window of tasks unfinished, started in order, results in order.</summary>
public sealed class ImageWindowTests
{
    private readonly List<(int Item, TaskCompletionSource<string> Result)> _started = [];

    [Fact]
    public void RunAsync_WindowOfThree_StartsOnlyTheFirstThree()
    {
        var run = Window(Enumerable.Range(0, 10).ToList(), 3, Start);

        Assert.Equal([0, 1, 2], _started.Select(s => s.Item));
        Assert.False(run.IsCompleted);
    }

    [Fact]
    public async Task RunAsync_ItemsFinishOutOfOrder_EachFinishStartsTheNextInOrderAndResultsKeepTheItemsOrder()
    {
        var run = Window(Enumerable.Range(0, 6).ToList(), 2, Start);

        Finish(1);
        Assert.Equal([0, 1, 2], _started.Select(s => s.Item));
        Finish(2);
        Assert.Equal([0, 1, 2, 3], _started.Select(s => s.Item));
        Finish(0);
        Finish(3);
        Assert.Equal([0, 1, 2, 3, 4, 5], _started.Select(s => s.Item));
        Assert.False(run.IsCompleted);
        Finish(5);
        Finish(4);

        Assert.Equal(["r0", "r1", "r2", "r3", "r4", "r5"], await run);
    }

    [Fact]
    public void RunAsync_NeverMoreThanTheWindowUnfinished()
    {
        var unfinished = 0;
        var most = 0;
        var pending = new Queue<TaskCompletionSource<int>>();
        var run = Window(Enumerable.Range(0, 50).ToList(), 4, item =>
        {
            most = Math.Max(most, ++unfinished);
            var done = new TaskCompletionSource<int>();
            pending.Enqueue(done);
            return done.Task;
        });

        while (pending.TryDequeue(out var done))
        {
            unfinished--;
            OrchestrationThread.Run(() => done.SetResult(0));
        }

        Assert.True(run.IsCompletedSuccessfully);
        Assert.Equal(4, most);
    }

    [Fact]
    public async Task RunAsync_TasksAlreadyFinished_AsOnAReplay_StartsEveryItemInOrder()
    {
        var order = new List<int>();

        var results = await Window(Enumerable.Range(0, 5).ToList(), 2, item =>
        {
            order.Add(item);
            return Task.FromResult(item * 10);
        });

        Assert.Equal([0, 1, 2, 3, 4], order);
        Assert.Equal([0, 10, 20, 30, 40], results);
    }

    [Fact]
    public void RunAsync_NoWindow_StartsEverythingAtOnce()
    {
        _ = Window(Enumerable.Range(0, 7).ToList(), window: null, Start);

        Assert.Equal(7, _started.Count);
    }

    [Fact]
    public async Task RunAsync_NoItems_CompletesWithNoResults()
    {
        Assert.Empty(await Window(Array.Empty<int>(), 4, Start));
        Assert.Empty(_started);
    }

    [Fact]
    public async Task RunAsync_OneTaskThrows_TheOthersStillRunAndTheErrorSurfaces()
    {
        var run = Window(Enumerable.Range(0, 4).ToList(), 2, Start);

        OrchestrationThread.Run(() => _started[0].Result.SetException(new InvalidOperationException("bug")));
        Finish(1);
        Finish(2);
        Finish(3);

        Assert.Equal([0, 1, 2, 3], _started.Select(s => s.Item));
        Assert.Equal("bug", (await Assert.ThrowsAsync<InvalidOperationException>(() => run)).Message);
    }

    [Theory]
    [InlineData(100, 16, 16)]
    [InlineData(3, 16, 3)]
    [InlineData(100, null, 100)]
    [InlineData(5, 0, 1)]
    [InlineData(0, 4, 0)]
    public void LaneCount_IsTheWindowAtMostOnePerItem(int items, int? window, int expected) =>
        Assert.Equal(expected, ImageWindow.LaneCount(items, window));

    /// <summary>Starts <see cref="ImageWindow.RunAsync"/> as Durable's orchestration thread would (<see cref="OrchestrationThread"/>).</summary>
    private static Task<TResult[]> Window<TResult>(IReadOnlyList<int> items, int? window, Func<int, Task<TResult>> run)
    {
        Task<TResult[]>? started = null;
        OrchestrationThread.Run(() => started = ImageWindow.RunAsync(items, window, run));
        return started!;
    }


    private Task<string> Start(int item)
    {
        var result = new TaskCompletionSource<string>();
        _started.Add((item, result));
        return result.Task;
    }

    private void Finish(int item) => OrchestrationThread.Run(() => _started.Single(s => s.Item == item).Result.SetResult($"r{item}"));
}
