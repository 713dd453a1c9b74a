using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>PNG output is lossless whatever the row filter and zlib level, for every working layout.</summary>
public sealed class PngOutputTests
{
    public static TheoryData<PngRowFilter, int> FiltersAndLayouts()
    {
        var data = new TheoryData<PngRowFilter, int>();
        foreach (var filter in Enum.GetValues<PngRowFilter>())
        {
            foreach (var layout in new[] { 1, 2, 3, 4 })
            {
                data.Add(filter, layout);
            }
        }

        return data;
    }

    [Fact]
    public void Defaults_AreLevelTwoAndUpFilter()
    {
        var options = new OutputOptions(OutputFormat.Png);
        Assert.Equal(2, options.PngCompressionLevel);
        Assert.Equal(PngRowFilter.Up, options.PngFilter);
    }

    [Theory]
    [MemberData(nameof(FiltersAndLayouts))]
    public void Encode_DecodesToTheSamePixels(PngRowFilter filter, int layout)
    {
        foreach (var level in new[] { 1, 6 })
        {
            using var image = NoisyImage((PixelLayout)layout, 67, 41);
            var expected = image.Bytes.ToArray();
            using var stream = new MemoryStream();
            ImageEncoding.Encode(image, ImageFormatInfo.Png, new OutputOptions(OutputFormat.Png) { PngFilter = filter, PngCompressionLevel = level }, stream);

            using var decoded = Image.Load(stream.ToArray());
            Assert.Equal(
                (PixelLayout)layout switch
                {
                    PixelLayout.Gray => PngColorType.Grayscale,
                    PixelLayout.GrayAlpha => PngColorType.GrayscaleWithAlpha,
                    PixelLayout.Rgb => PngColorType.Rgb,
                    _ => PngColorType.RgbWithAlpha,
                },
                decoded.Metadata.GetPngMetadata().ColorType);
            using var working = WorkingImage.Wrap(
                (PixelLayout)layout switch
                {
                    PixelLayout.Gray => decoded.CloneAs<L8>(),
                    PixelLayout.GrayAlpha => decoded.CloneAs<La16>(),
                    PixelLayout.Rgb => decoded.CloneAs<Rgb24>(),
                    _ => decoded.CloneAs<Rgba32>(),
                },
                ImagingConfiguration.Current);
            Assert.True(expected.AsSpan().SequenceEqual(working.Bytes), $"{filter} level {level} layout {(PixelLayout)layout}");
        }
    }

    [Fact]
    public void Process_PngToPngWithDefaults_KeepsEveryPixel()
    {
        var input = TestImages.Png(97, 53);
        var (_, output) = TestImages.Process(input, "invert,invert", new OutputOptions(OutputFormat.Png));

        Assert.Equal(GoldenFiles.ReadPng(input).Pixels, GoldenFiles.ReadPng(output).Pixels);
    }

    private static WorkingImage NoisyImage(PixelLayout layout, int width, int height)
    {
        var image = WorkingImage.Create(ImagingConfiguration.Current, layout, width, height);
        var bytes = image.Bytes;
        var random = new Random(width * 31 + (int)layout);
        for (var i = 0; i < bytes.Length; i++)
        {
            // Gradient plus noise plus some flat runs, so every filter type has something to do.
            var x = i % image.Stride;
            bytes[i] = (i / image.Stride) % 7 == 0 ? (byte)200 : (byte)(x + random.Next(-20, 21));
        }

        return image;
    }
}
