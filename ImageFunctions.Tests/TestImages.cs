using System.Buffers.Binary;
using System.IO.Hashing;
using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests;

/// <summary>Deterministic test images, made in memory, and the engine's own output for them.</summary>
public static class TestImages
{
    /// <summary>An RGB image with a pattern that depends on <paramref name="seed"/>, encoded by <paramref name="encoder"/>.</summary>
    public static byte[] Rgb(int width, int height, IImageEncoder encoder, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        return Encode(image, encoder);
    }

    /// <summary>An RGB PNG with a pattern that depends on <paramref name="seed"/>.</summary>
    public static byte[] Png(int width = 48, int height = 32, int seed = 1) => Rgb(width, height, new PngEncoder(), seed);

    public static byte[] Jpeg(int width = 48, int height = 32, int seed = 1) => Rgb(width, height, new JpegEncoder { Quality = 90 }, seed);

    public static byte[] Webp(int width = 48, int height = 32, int seed = 1) => Rgb(width, height, new WebpEncoder(), seed);

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

    /// <summary>A PNG whose header is valid but whose pixel data is cut off: it passes upload checks and fails to decode.</summary>
    public static byte[] TruncatedPng(int seed = 99)
    {
        var whole = Png(64, 64, seed);
        return whole[..60];
    }

    /// <summary>A PNG header claiming <paramref name="width"/> x <paramref name="height"/> with no pixel data behind it.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var output = new MemoryStream();
        output.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>Runs the engine on <paramref name="input"/>: what it reports and the bytes it writes.</summary>
    public static (ProcessedImageInfo Info, byte[] Output) Process(byte[] input, string chain = "blur", OutputOptions? output = null, ImageLimits? limits = null)
    {
        var pipeline = new ImagePipeline(limits ?? new ImageLimits());
        using var source = new MemoryStream(input, writable: false);
        using var destination = new MemoryStream();
        var info = pipeline.Process(source, destination, FilterChain.Parse(chain), output ?? new OutputOptions());
        return (info, destination.ToArray());
    }

    /// <summary>What the engine itself makes of <paramref name="input"/>: the expected bytes of a job's result.</summary>
    public static byte[] EngineOutput(byte[] input, string filter, OutputOptions? output = null) => Process(input, filter, output).Output;

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

    private static Image<Rgb24> Pattern(int width, int height, int seed)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgb24((byte)((x * 7 + seed * 31) & 0xFF), (byte)((y * 11 + seed * 17) & 0xFF), (byte)(((x ^ y) * 5 + seed) & 0xFF));
            }
        }

        return image;
    }

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        output.Write(crc);
    }
}
