using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Benchmarks;

/// <summary>Deterministic test pictures: smooth gradients, hard-edged blocks and seeded noise (like a photo, not a flat fill).</summary>
internal static class BenchmarkImages
{
    public static (int Width, int Height) ParseSize(string size)
    {
        var parts = size.Split('x');
        return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    public static Image<Rgb24> Create(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        var random = new Random(42);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var block = ((x / 64) + (y / 48)) % 2 == 0 ? 40 : 0;
                var noise = random.Next(-12, 13);
                image[x, y] = new Rgb24(
                    Clamp((x * 255 / width) + noise + block),
                    Clamp((y * 255 / height) + noise),
                    Clamp(((x + y) * 255 / (width + height)) - noise + block));
            }
        }

        return image;
    }

    public static byte[] CreateJpeg(int width, int height, int quality = 90)
    {
        using var image = Create(width, height);
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = quality });
        return stream.ToArray();
    }

    /// <summary>The JPEG decoded into the engine's working layout (RGB).</summary>
    public static WorkingImage Decode(byte[] jpeg)
    {
        var inspected = ImageDecoding.Inspect(jpeg, new Imaging.ImageLimits(), ImagingConfiguration.Current, CancellationToken.None);
        return ImageDecoding.Decode(jpeg, inspected, ImagingConfiguration.Current, CancellationToken.None);
    }

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);
}
