using ImageFunctions.Tests.Support;
using ImageFunctions.Imaging;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// Issue 10, "Memory is not bounded by the limits": <see cref="ImagePipeline.ProcessAsync"/> admits an image only when its
/// pixels fit in <see cref="ImageLimits.PixelBudget"/> beside those already decoded, whatever the number of callers.
/// <see cref="ImagePipeline.PeakPixelsInProcess"/> counts the pixels between decode and the end of encode, independently of
/// the admission.
/// </summary>
public sealed class PixelBudgetAdmissionTests
{
    private static readonly FilterChain Blur = FilterChain.Parse("blur");

    [Fact]
    public async Task ProcessAsync_ImageArrivingWhileAnotherHoldsTheBudget_IsDecodedOnlyAfterIt()
    {
        // Budget for one and a half 100x100 images. The second image is submitted from inside the first one's encoder,
        // i.e. while the first holds its decoded pixels: without admission it would be decoded there and then (the
        // engine's other limit, one image per core, lets two in on this two-core machine).
        var pipeline = new ImagePipeline(new ImageLimits(PixelBudget: 15_000));
        Task<ProcessedImageInfo>? second = null;
        var secondDoneInside = false;
        using var firstOutput = new FirstWriteStream(() =>
        {
            second = pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100, seed: 2)), Stream.Null, Blur, new OutputOptions());
            secondDoneInside = second.IsCompleted;
        });

        var first = await pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100, seed: 1)), firstOutput, Blur, new OutputOptions());
        var secondInfo = await second!;

        Assert.False(secondDoneInside);
        Assert.Equal(10_000, pipeline.PeakPixelsInProcess);
        Assert.Equal((100, 100), (first.Width, first.Height));
        Assert.Equal((100, 100), (secondInfo.Width, secondInfo.Height));
        Assert.Equal(0, pipeline.PixelsInProcess);
    }

    [Fact]
    public async Task ProcessAsync_ManyImagesAtOnce_NeverHoldMoreThanTheBudget()
    {
        // Real images of several sizes from many callers at once; the budget fits about two of the larger ones.
        var sizes = new[] { (160, 120), (120, 90), (200, 100), (64, 64), (180, 150), (100, 100) };
        var inputs = Enumerable.Range(0, 24).Select(i => TestImages.Png(sizes[i % sizes.Length].Item1, sizes[i % sizes.Length].Item2, seed: i)).ToList();
        var pipeline = new ImagePipeline(new ImageLimits(PixelBudget: 50_000));

        var results = await Task.WhenAll(inputs.Select(input => Task.Run(() =>
            pipeline.ProcessAsync(new MemoryStream(input), Stream.Null, Blur, new OutputOptions()))));

        Assert.Equal(24, results.Length);
        Assert.InRange(pipeline.PeakPixelsInProcess, 180 * 150, 50_000);
        Assert.Equal(0, pipeline.PixelsInProcess);
    }

    [Fact]
    public async Task ProcessAsync_ImageLargerThanTheBudget_IsProcessedAlone()
    {
        var pipeline = new ImagePipeline(new ImageLimits(PixelBudget: 5_000));
        Task<ProcessedImageInfo>? second = null;
        using var firstOutput = new FirstWriteStream(() =>
            second = pipeline.ProcessAsync(new MemoryStream(TestImages.Png(10, 10)), Stream.Null, Blur, new OutputOptions()));

        var info = await pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100)), firstOutput, Blur, new OutputOptions());
        await second!;

        Assert.Equal((100, 100), (info.Width, info.Height));
        Assert.Equal(10_000, pipeline.PeakPixelsInProcess); // the small one waited for the large one to end
    }

    [Fact]
    public async Task ProcessAsync_CancelledWhileWaitingForTheBudget_ThrowsAndHoldsNothing()
    {
        var pipeline = new ImagePipeline(new ImageLimits(PixelBudget: 10_000));
        using var cancel = new CancellationTokenSource();
        Task<ProcessedImageInfo>? waiting = null;
        using var firstOutput = new FirstWriteStream(() =>
        {
            waiting = pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100, seed: 2)), Stream.Null, Blur, new OutputOptions(), cancel.Token);
            cancel.Cancel();
        });

        await pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100, seed: 1)), firstOutput, Blur, new OutputOptions());

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting!);
        var after = await pipeline.ProcessAsync(new MemoryStream(TestImages.Png(100, 100, seed: 3)), Stream.Null, Blur, new OutputOptions());
        Assert.Equal(100, after.Width);
    }
}
