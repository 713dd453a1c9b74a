using ImageFunctions.Tests.Support;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// Issue 10, "Unfair scheduling and starved APIs": the engine's CPU work runs on its own threads
/// (<see cref="EngineThreads"/>), never on the thread pool the HTTP requests need.
/// </summary>
public sealed class EngineThreadsTests
{
    [Fact]
    public async Task ProcessAsync_CalledFromAPoolThread_DecodesFiltersAndEncodesOnAnEngineThread()
    {
        var pipeline = new ImagePipeline(new ImageLimits());
        (bool Pool, string? Name)? encoder = null;
        using var output = new FirstWriteStream(() => encoder = (Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name));

        var info = await Task.Run(() => pipeline.ProcessAsync(new MemoryStream(TestImages.Png(300, 200)), output, FilterChain.Parse("blur,sharpen"), new OutputOptions()));

        Assert.Equal((300, 200), (info.Width, info.Height));
        Assert.NotNull(encoder);
        Assert.False(encoder.Value.Pool);
        Assert.StartsWith("image-engine-", encoder.Value.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RowBandsInside_EveryBandRunsOnTheSchedulersThreads()
    {
        // 2048 rows of 4 KiB: 32 bands' worth of work, split over the cores the images in progress leave to this one.
        using var engine = new EngineThreads(2);
        var pool = 0;
        var foreign = 0;

        await engine.Run(() =>
        {
            RowParallel.For(0, 2048, 4096, (_, _) =>
            {
                if (Thread.CurrentThread.IsThreadPoolThread)
                {
                    Interlocked.Increment(ref pool);
                }

                if (!engine.IsEngineThread)
                {
                    Interlocked.Increment(ref foreign);
                }

                Thread.SpinWait(1000);
            });
            return 0;
        }, CancellationToken.None);

        Assert.Equal((0, 0), (pool, foreign));
    }

    [Fact]
    public async Task Run_MoreWorkThanThreads_AtMostTheThreadCountRunAtOnceAndAllComplete()
    {
        using var engine = new EngineThreads(2);
        var running = 0;
        var most = 0;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => engine.Run(() =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            Thread.Sleep(5);
            Interlocked.Decrement(ref running);
            return i;
        }, CancellationToken.None)));

        Assert.Equal(Enumerable.Range(0, 12), results);
        Assert.InRange(most, 1, 2);
    }

    [Fact]
    public async Task Run_WorkThrows_TheTaskFaultsWithTheException()
    {
        using var engine = new EngineThreads(1);

        var error = await Assert.ThrowsAsync<ImageRejectedException>(() =>
            engine.Run<int>(() => throw new ImageRejectedException(ImageRejection.Invalid, "The image data is corrupt."), CancellationToken.None));

        Assert.Equal("The image data is corrupt.", error.Message);
        Assert.Equal(7, await engine.Run(() => 7, CancellationToken.None)); // the thread survives
    }

    [Fact]
    public async Task Run_CancelledBeforeItStarts_NeverRuns()
    {
        using var engine = new EngineThreads(1);
        using var release = new ManualResetEventSlim();
        var blocker = engine.Run(() => release.Wait(TimeSpan.FromSeconds(30)), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var ran = false;

        var queued = engine.Run(() => ran = true, cancel.Token);
        await cancel.CancelAsync();
        release.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued);
        Assert.False(ran);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
