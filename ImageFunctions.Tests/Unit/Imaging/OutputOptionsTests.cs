using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class OutputOptionsTests
{
    [Theory]
    [InlineData(null, null, OutputFormat.Original, 90)]
    [InlineData("", "", OutputFormat.Original, 90)]
    [InlineData("JPEG", "75", OutputFormat.Jpeg, 75)]
    [InlineData("jpg", "1", OutputFormat.Jpeg, 1)]
    [InlineData(" png ", "100", OutputFormat.Png, 100)]
    [InlineData("webp", null, OutputFormat.Webp, 90)]
    [InlineData("original", "50", OutputFormat.Original, 50)]
    public void Parse_ValidValues_GivesOptions(string? format, string? quality, OutputFormat expectedFormat, int expectedQuality)
    {
        Assert.Equal(new OutputOptions(expectedFormat, expectedQuality), OutputOptions.Parse(format, quality));
    }

    [Theory]
    [InlineData("gif", null)]
    [InlineData("bmp", null)]
    [InlineData("png", "0")]
    [InlineData("png", "101")]
    [InlineData("jpeg", "high")]
    [InlineData("jpeg", "9.5")]
    public void Parse_InvalidValues_ThrowsArgumentExceptionWithMessage(string? format, string? quality)
    {
        var ex = Assert.Throws<ArgumentException>(() => OutputOptions.Parse(format, quality));
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Theory]
    [InlineData("jpeg", "jpeg")]
    [InlineData("png", "png")]
    [InlineData("webp", "webp")]
    [InlineData("gif", "png")]
    [InlineData("bmp", "png")]
    [InlineData("tiff", "png")]
    public void Resolve_Original_KeepsWellEncodedFormats(string source, string written)
    {
        var sourceFormat = new[] { ImageFormatInfo.Jpeg, ImageFormatInfo.Png, ImageFormatInfo.Webp, ImageFormatInfo.Gif, ImageFormatInfo.Bmp, ImageFormatInfo.Tiff }
            .Single(f => f.Name == source);
        Assert.Equal(written, new OutputOptions().Resolve(sourceFormat).Name);
    }

    [Fact]
    public void Resolve_ExplicitFormat_WinsOverSource()
    {
        Assert.Equal(ImageFormatInfo.Webp, new OutputOptions(OutputFormat.Webp).Resolve(ImageFormatInfo.Jpeg));
    }

    [Fact]
    public void Process_AlphaImageToJpeg_IsFlattenedOnWhite()
    {
        var (info, output) = TestImages.Process(TestImages.HalfTransparentPng(40, 20), "invert,invert", new OutputOptions(OutputFormat.Jpeg));

        Assert.Equal(ImageFormatInfo.Jpeg, info.Format);
        using var decoded = Image.Load<Rgb24>(output);
        var transparentSide = decoded[5, 10];
        var opaqueSide = decoded[35, 10];
        Assert.True(transparentSide.R > 245 && transparentSide.G > 245 && transparentSide.B > 245, transparentSide.ToString());
        Assert.True(opaqueSide.B > 200 && opaqueSide.R < 40, opaqueSide.ToString());
    }

    [Fact]
    public void Process_AlphaImageToPng_KeepsAlpha()
    {
        var (_, output) = TestImages.Process(TestImages.HalfTransparentPng(40, 20), "sepia", new OutputOptions(OutputFormat.Png));

        var png = GoldenFiles.ReadPng(output);
        Assert.Equal(PngColorType.RgbWithAlpha, png.ColorType);
        Assert.Equal(0, png.Pixels[(10 * 40) + 5].A);
        Assert.Equal(255, png.Pixels[(10 * 40) + 35].A);
    }

    [Fact]
    public void Process_GrayscaleToPng_WritesEightBitGray()
    {
        var (_, output) = TestImages.Process(TestImages.Jpeg(64, 48), "grayscale", new OutputOptions(OutputFormat.Png));

        Assert.Equal(PngColorType.Grayscale, GoldenFiles.ReadPng(output).ColorType);
        Assert.Equal(8, Image.Identify(output).PixelType.BitsPerPixel);
    }

    [Fact]
    public void Process_GrayscaleToJpeg_WritesOneComponent()
    {
        var (_, output) = TestImages.Process(TestImages.Png(64, 48), "grayscale", new OutputOptions(OutputFormat.Jpeg));

        Assert.Equal(8, Image.Identify(output).PixelType.BitsPerPixel);
    }

    [Fact]
    public void Process_LowerQuality_WritesSmallerJpeg()
    {
        var source = TestImages.Png(160, 120);
        var (_, low) = TestImages.Process(source, "sharpen", new OutputOptions(OutputFormat.Jpeg, 10));
        var (_, high) = TestImages.Process(source, "sharpen", new OutputOptions(OutputFormat.Jpeg, 95));

        Assert.True(low.Length < high.Length, $"q10 {low.Length} bytes, q95 {high.Length} bytes");
    }

    [Theory]
    [InlineData(OutputFormat.Original, "jpeg")]
    [InlineData(OutputFormat.Png, "png")]
    [InlineData(OutputFormat.Webp, "webp")]
    public void Process_JpegSource_WritesResolvedFormat(OutputFormat format, string written)
    {
        var (info, output) = TestImages.Process(TestImages.Jpeg(50, 30), "blur", new OutputOptions(format));

        Assert.Equal(written, info.Format.Name);
        Assert.Equal(info.Format, ImageFormatSniffer.Detect(output));
    }

    [Fact]
    public void Process_WebpSource_KeepsWebpByDefault()
    {
        var (info, output) = TestImages.Process(TestImages.Webp(50, 30), "edges");

        Assert.Equal(ImageFormatInfo.Webp, info.Format);
        Assert.Equal((50, 30), (Image.Identify(output).Width, Image.Identify(output).Height));
    }

    [Theory]
    [InlineData("png", "0")]
    [InlineData("png", "abc")]
    [InlineData("tiff", null)]
    public void Parse_BadValue_MessageIsForPeople(string format, string? quality)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => OutputOptions.Parse(format, quality));

        Assert.DoesNotContain("(Parameter", ex.Message, StringComparison.Ordinal);
    }
}
