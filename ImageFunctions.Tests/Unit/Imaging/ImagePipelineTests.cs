using ImageFunctions.Imaging;
using SixLabors.ImageSharp;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class ImagePipelineTests
{
    [Fact]
    public void WarmUp_RunsEveryFilterAndEncoder_WithoutError()
    {
        var exception = Record.Exception(ImagePipeline.WarmUp);
        Assert.Null(exception);
    }

    [Fact]
    public void Process_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var pipeline = new ImagePipeline(new ImageLimits());
        using var source = new MemoryStream(TestImages.Png(20, 20));

        Assert.ThrowsAny<OperationCanceledException>(() =>
            pipeline.Process(source, Stream.Null, FilterChain.Parse("blur"), new OutputOptions(), cancelled.Token));
    }

    [Fact]
    public void Process_GifSource_WritesPngOfSameSize()
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgba32>(30, 20);
        using var gif = new MemoryStream();
        image.SaveAsGif(gif);

        var (info, output) = TestImages.Process(gif.ToArray(), "sepia");

        Assert.Equal(ImageFormatInfo.Png, info.Format);
        Assert.Equal((30, 20), (Image.Identify(output).Width, Image.Identify(output).Height));
    }
}
