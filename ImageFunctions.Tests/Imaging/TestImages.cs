using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Imaging;

/// <summary>Small images built in code, and helpers to run the pipeline on bytes.</summary>
internal static class TestImages
{
    public static byte[] Rgb(int width, int height, IImageEncoder encoder)
    {
        using var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)(x * 3), (byte)(y * 5), (byte)((x ^ y) * 7));
            }
        }

        return Encode(image, encoder);
    }

    /// <summary>Left half fully transparent red, right half opaque blue.</summary>
    public static byte[] HalfTransparentPng(int width, int height)
    {
        using var image = new Image<Rgba32>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = x < width / 2 ? new Rgba32(255, 0, 0, 0) : new Rgba32(0, 0, 255, 255);
            }
        }

        return Encode(image, new PngEncoder());
    }

    public static byte[] Jpeg(int width, int height) => Rgb(width, height, new JpegEncoder { Quality = 90 });

    public static byte[] Png(int width, int height) => Rgb(width, height, new PngEncoder());

    public static byte[] Webp(int width, int height) => Rgb(width, height, new WebpEncoder());

    public static (ProcessedImageInfo Info, byte[] Output) Process(byte[] input, string chain = "blur", OutputOptions? output = null, ImageLimits? limits = null)
    {
        var pipeline = new ImagePipeline(limits ?? new ImageLimits());
        using var source = new MemoryStream(input, writable: false);
        using var destination = new MemoryStream();
        var info = pipeline.Process(source, destination, FilterChain.Parse(chain), output ?? new OutputOptions());
        return (info, destination.ToArray());
    }

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
