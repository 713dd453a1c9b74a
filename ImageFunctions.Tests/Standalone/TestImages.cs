using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Standalone;

/// <summary>Generated inputs and the engine's expected outputs for end-to-end checks.</summary>
public static class TestImages
{
    /// <summary><paramref name="count"/> distinct RGB PNGs of varying sizes, named <c>img-NN.png</c>.</summary>
    public static IReadOnlyList<UploadFile> Pngs(int count, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var width = 40 + random.Next(60);
            var height = 30 + random.Next(50);
            using var image = new Image<Rgb24>(width, height);
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    image[x, y] = new Rgb24(
                        (byte)((x * 255 / width) ^ random.Next(32)),
                        (byte)((y * 255 / height) ^ random.Next(32)),
                        (byte)(((x + y + i * 17) * 7) & 0xFF));
                }
            }

            using var png = new MemoryStream();
            image.Save(png, new PngEncoder());
            return new UploadFile($"img-{i:00}.png", png.ToArray());
        }).ToArray();
    }

    /// <summary>Starts like a PNG (signature and header) so it is accepted at upload, but cannot be decoded.</summary>
    public static UploadFile CorruptPng(string name)
    {
        var valid = Pngs(1, seed: 99)[0].Content;
        var bytes = valid.Take(40).Concat(Enumerable.Repeat((byte)0x5A, 300)).ToArray();
        return new UploadFile(name, bytes);
    }

    /// <summary>What the engine produces for <paramref name="input"/> with <paramref name="filter"/> (original format).</summary>
    public static byte[] Expected(UploadFile input, string filter)
    {
        using var source = new MemoryStream(input.Content);
        using var destination = new MemoryStream();
        new ImagePipeline(new ImageLimits()).Process(source, destination, FilterChain.Parse(filter), new OutputOptions());
        return destination.ToArray();
    }

    /// <summary>Asserts both encoded images decode to the same size and pixels.</summary>
    public static void AssertSamePixels(byte[] expected, byte[] actual, string name)
    {
        using var e = Image.Load<Rgba32>(expected);
        using var a = Image.Load<Rgba32>(actual);
        Assert.True(e.Width == a.Width && e.Height == a.Height, $"{name}: size {a.Width}x{a.Height}, expected {e.Width}x{e.Height}");
        for (var y = 0; y < e.Height; y++)
        {
            for (var x = 0; x < e.Width; x++)
            {
                if (e[x, y] != a[x, y])
                {
                    Assert.Fail($"{name}: pixel ({x},{y}) is {a[x, y]}, expected {e[x, y]}");
                }
            }
        }
    }
}
