using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests;

/// <summary>Deterministic test images, made in memory, and the engine's own output for them.</summary>
public static class TestImages
{
    /// <summary>An RGB PNG with a pattern that depends on <paramref name="seed"/>.</summary>
    public static byte[] Png(int width = 48, int height = 32, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        using var output = new MemoryStream();
        image.Save(output, new PngEncoder());
        return output.ToArray();
    }

    public static byte[] Jpeg(int width = 48, int height = 32, int seed = 1)
    {
        using var image = Pattern(width, height, seed);
        using var output = new MemoryStream();
        image.Save(output, new JpegEncoder { Quality = 90 });
        return output.ToArray();
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
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        WriteChunk(output, "IHDR", ihdr);
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>What the engine itself makes of <paramref name="input"/>: the expected bytes of a job's result.</summary>
    public static byte[] EngineOutput(byte[] input, string filter, OutputOptions? output = null)
    {
        using var result = new MemoryStream();
        new ImagePipeline(new ImageLimits()).Process(new MemoryStream(input), result, FilterChain.Parse(filter), output ?? new OutputOptions());
        return result.ToArray();
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

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, System.IO.Hashing.Crc32.HashToUInt32(typeAndData));
        output.Write(crc);
    }
}
