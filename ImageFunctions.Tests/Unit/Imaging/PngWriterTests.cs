using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.Metadata.Profiles.Xmp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// Our PNG writer: lossless for every layout, row filter and odd size (decoded by ImageSharp's PNG decoder), and
/// well-formed to a reader of our own here (signature, chunk order, CRCs recomputed bit by bit, IHDR fields,
/// the zlib stream and each row's filter type byte), with pHYs as ImageSharp wrote it and a matching ICC profile kept.
/// </summary>
public sealed class PngWriterTests
{
    private static readonly string[] AllowedChunks = ["IHDR", "pHYs", "iCCP", "IDAT", "IEND"];

    public static TheoryData<PngRowFilter, int, int, int> LayoutsFiltersAndSizes()
    {
        var data = new TheoryData<PngRowFilter, int, int, int>();
        foreach (var filter in Enum.GetValues<PngRowFilter>())
        {
            foreach (var layout in new[] { 1, 2, 3, 4 })
            {
                // 133 pixels are wider than a 256-bit vector even for gray, and not a multiple of it.
                foreach (var (width, height) in new[] { (1, 1), (3, 7), (67, 33), (133, 5) })
                {
                    data.Add(filter, layout, width, height);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LayoutsFiltersAndSizes))]
    public void Write_DecodesToTheSamePixels(PngRowFilter filter, int layout, int width, int height)
    {
        foreach (var level in new[] { 1, 9 })
        {
            using var image = NoisyImage((PixelLayout)layout, width, height, seed: width + level);
            var png = Write(image, level, filter);

            using var decoded = Image.Load(png, new PngDecoder());
            Assert.Equal(ColorType((PixelLayout)layout), decoded.Metadata.GetPngMetadata().ColorType);
            using var working = AsWorking(decoded, (PixelLayout)layout);
            Assert.Equal(width, working.Width);
            Assert.Equal(height, working.Height);
            Assert.True(image.Bytes.SequenceEqual(working.Bytes), $"{filter} level {level} {(PixelLayout)layout} {width}x{height}");
        }
    }

    [Theory]
    [MemberData(nameof(PngOutputTests.FiltersAndLayouts), MemberType = typeof(PngOutputTests))]
    public void Write_IsWellFormed(PngRowFilter filter, int layout)
    {
        const int width = 67, height = 33;
        using var image = NoisyImage((PixelLayout)layout, width, height, seed: 7);
        var chunks = ReadChunks(Write(image, 1, filter));

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Empty(chunks[^1].Data);
        Assert.All(chunks, c => Assert.Contains(c.Type, AllowedChunks));
        Assert.Single(chunks, c => c.Type == "IHDR");
        Assert.Single(chunks, c => c.Type == "pHYs");
        var types = chunks.Select(c => c.Type).ToList();
        var firstData = types.IndexOf("IDAT");
        var lastData = types.LastIndexOf("IDAT");
        Assert.True(types.IndexOf("pHYs") < firstData, "pHYs comes before the image data");
        Assert.All(types[firstData..(lastData + 1)], t => Assert.Equal("IDAT", t));

        var header = chunks[0].Data;
        Assert.Equal(13, header.Length);
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(header));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(8, header[8]);
        Assert.Equal((byte)ColorType((PixelLayout)layout), header[9]);
        Assert.Equal(new byte[] { 0, 0, 0 }, header[10..13]);

        // The zlib stream holds each row as its filter type byte and the row's filtered bytes.
        var stride = width * layout;
        var raw = Inflate(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        Assert.Equal(height * (stride + 1), raw.Length);
        var rowTypes = Enumerable.Range(0, height).Select(y => raw[y * (stride + 1)]).ToArray();
        Assert.All(rowTypes, t => Assert.InRange(t, 0, 4));
        if (filter != PngRowFilter.Adaptive)
        {
            Assert.All(rowTypes, t => Assert.Equal(SpecFilterType(filter), t));
        }
    }

    [Fact]
    public void Adaptive_PicksUp_WhenEveryRowRepeatsTheOneAbove()
    {
        using var image = WorkingImage.Create(ImagingConfiguration.Current, PixelLayout.Rgb, 50, 6);
        var random = new Random(3);
        var firstRow = new byte[image.Stride];
        random.NextBytes(firstRow);
        for (var y = 0; y < image.Height; y++)
        {
            firstRow.CopyTo(image.Bytes.Slice(y * image.Stride, image.Stride));
        }

        var raw = Inflate(ReadChunks(Write(image, 1, PngRowFilter.Adaptive)).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());

        for (var y = 1; y < image.Height; y++)
        {
            Assert.Equal(2, raw[y * (image.Stride + 1)]);
        }
    }

    [Fact]
    public void LargeOutput_IsSplitIntoFullIdatChunks()
    {
        // Noise does not compress, so 500x400 RGBA (800 KB) gives several chunks.
        using var image = WorkingImage.Create(ImagingConfiguration.Current, PixelLayout.Rgba, 500, 400);
        new Random(11).NextBytes(image.Bytes);
        var png = Write(image, 1, PngRowFilter.Up);

        var data = ReadChunks(png).Where(c => c.Type == "IDAT").ToList();
        Assert.True(data.Count >= 3, $"{data.Count} IDAT chunks");
        Assert.All(data.SkipLast(1), c => Assert.Equal(PngWriter.MaxIdatDataBytes, c.Data.Length));
        Assert.InRange(data[^1].Data.Length, 1, PngWriter.MaxIdatDataBytes);
        using var decoded = Image.Load(png, new PngDecoder());
        using var working = AsWorking(decoded, PixelLayout.Rgba);
        Assert.True(image.Bytes.SequenceEqual(working.Bytes));
    }

    [Theory]
    [InlineData(3, "RGB ", true)]
    [InlineData(4, "RGB ", true)]
    [InlineData(1, "GRAY", true)]
    [InlineData(2, "GRAY", true)]
    [InlineData(3, "GRAY", false)]
    [InlineData(1, "RGB ", false)]
    [InlineData(3, "CMYK", false)]
    public void Encode_KeepsAnIccProfileOnlyWhenItMatchesTheColourSpace(int layout, string colorSpace, bool kept)
    {
        var image = NoisyImage((PixelLayout)layout, 9, 4, seed: 1);
        var profile = new IccProfile(IccProfileBytes(colorSpace));
        image.Image.Metadata.IccProfile = profile;
        var expected = profile.ToByteArray();
        using var stream = new MemoryStream();
        ImageEncoding.Encode(image, ImageFormatInfo.Png, new OutputOptions(OutputFormat.Png), stream).Dispose();

        var png = stream.ToArray();
        using (var decoded = Image.Load(png, new PngDecoder()))
        {
            Assert.Equal(9, decoded.Width);
        }

        var chunks = ReadChunks(png);
        var icc = chunks.Where(c => c.Type == "iCCP").ToList();
        if (!kept)
        {
            Assert.Empty(icc);
            return;
        }

        var data = Assert.Single(icc).Data;
        Assert.True(chunks.FindIndex(c => c.Type == "iCCP") < chunks.FindIndex(c => c.Type == "IDAT"));
        var nameEnd = Array.IndexOf(data, (byte)0);
        Assert.Equal(PngWriter.IccProfileName, Encoding.Latin1.GetString(data, 0, nameEnd));
        Assert.InRange(nameEnd, 1, 79);
        Assert.Equal(0, data[nameEnd + 1]); // compression method
        Assert.Equal(expected, Inflate(data[(nameEnd + 2)..]));
    }

    [Fact]
    public void Encode_WritesNoExifXmpOrTextChunks()
    {
        var image = NoisyImage(PixelLayout.Rgb, 16, 16, seed: 2);
        var exif = new ExifProfile();
        exif.SetValue(ExifTag.Artist, "someone");
        exif.SetValue(ExifTag.GPSLatitudeRef, "N");
        image.Image.Metadata.ExifProfile = exif;
        image.Image.Metadata.XmpProfile = new XmpProfile(Encoding.UTF8.GetBytes("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>"));
        image.Image.Metadata.GetPngMetadata().TextData.Add(new PngTextData("Comment", "private", string.Empty, string.Empty));
        using var stream = new MemoryStream();
        ImageEncoding.Encode(image, ImageFormatInfo.Png, new OutputOptions(OutputFormat.Png), stream).Dispose();

        Assert.Equal(new[] { "IHDR", "pHYs", "IDAT", "IEND" }, ReadChunks(stream.ToArray()).Select(c => c.Type).Distinct());
    }

    [Theory]
    [InlineData(null, 0, 0)]
    [InlineData(PixelResolutionUnit.PixelsPerInch, 72, 72)]
    [InlineData(PixelResolutionUnit.PixelsPerInch, 300, 150)]
    [InlineData(PixelResolutionUnit.PixelsPerCentimeter, 118.11, 40)]
    [InlineData(PixelResolutionUnit.PixelsPerMeter, 2835, 1000.6)]
    [InlineData(PixelResolutionUnit.AspectRatio, 2, 1)]
    public void PhysicalDimensions_AreWrittenAsImageSharpDid(PixelResolutionUnit? unit, double horizontal, double vertical)
    {
        using var image = NoisyImage(PixelLayout.Rgb, 5, 5, seed: 4);
        if (unit is { } u)
        {
            image.Image.Metadata.ResolutionUnits = u;
            image.Image.Metadata.HorizontalResolution = horizontal;
            image.Image.Metadata.VerticalResolution = vertical;
        }

        using var imageSharp = new MemoryStream();
        image.Image.Save(imageSharp, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });

        Assert.Equal(
            Assert.Single(ReadChunks(imageSharp.ToArray()), c => c.Type == "pHYs").Data,
            Assert.Single(ReadChunks(Write(image, 1, PngRowFilter.Up)), c => c.Type == "pHYs").Data);
    }

    private static byte[] Write(WorkingImage image, int level, PngRowFilter filter)
    {
        using var stream = new MemoryStream();
        PngWriter.Write(image, level, filter, stream);
        return stream.ToArray();
    }

    /// <summary>The chunks of a PNG, after checking the signature, each length and each CRC; nothing may follow IEND.</summary>
    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string Type, byte[] Data)>();
        var offset = 8;
        while (offset < png.Length)
        {
            Assert.True(offset + 12 <= png.Length, "truncated chunk header");
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            Assert.InRange(length, 0, png.Length - offset - 12);
            var typeAndData = png[(offset + 4)..(offset + 8 + length)];
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            var type = Encoding.ASCII.GetString(typeAndData, 0, 4);
            Assert.True(BitwiseCrc32(typeAndData) == crc, $"CRC of {type} at {offset}");
            chunks.Add((type, typeAndData[4..]));
            offset += 12 + length;
            if (type == "IEND")
            {
                Assert.Equal(png.Length, offset);
            }
        }

        return chunks;
    }

    /// <summary>CRC-32 as the PNG specification defines it (reflected polynomial 0xEDB88320), one bit at a time.</summary>
    private static uint BitwiseCrc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new ZLibStream(new MemoryStream(zlib), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A minimal ICC profile: a 128-byte v4 display-class header for <paramref name="colorSpace"/> and no tags.</summary>
    private static byte[] IccProfileBytes(string colorSpace)
    {
        var bytes = new byte[132];
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 0x04300000);
        Encoding.ASCII.GetBytes("mntr").CopyTo(bytes, 12);
        Encoding.ASCII.GetBytes(colorSpace).CopyTo(bytes, 16);
        Encoding.ASCII.GetBytes("XYZ ").CopyTo(bytes, 20);
        Encoding.ASCII.GetBytes("acsp").CopyTo(bytes, 36);
        return bytes;
    }

    private static byte SpecFilterType(PngRowFilter filter) => filter switch
    {
        PngRowFilter.None => 0,
        PngRowFilter.Sub => 1,
        PngRowFilter.Up => 2,
        PngRowFilter.Average => 3,
        PngRowFilter.Paeth => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    private static PngColorType ColorType(PixelLayout layout) => layout switch
    {
        PixelLayout.Gray => PngColorType.Grayscale,
        PixelLayout.GrayAlpha => PngColorType.GrayscaleWithAlpha,
        PixelLayout.Rgb => PngColorType.Rgb,
        _ => PngColorType.RgbWithAlpha,
    };

    private static WorkingImage AsWorking(Image decoded, PixelLayout layout) => WorkingImage.Wrap(
        layout switch
        {
            PixelLayout.Gray => decoded.CloneAs<L8>(ImagingConfiguration.Current),
            PixelLayout.GrayAlpha => decoded.CloneAs<La16>(ImagingConfiguration.Current),
            PixelLayout.Rgb => decoded.CloneAs<Rgb24>(ImagingConfiguration.Current),
            _ => decoded.CloneAs<Rgba32>(ImagingConfiguration.Current),
        },
        ImagingConfiguration.Current);

    /// <summary>Noise around a gradient with flat rows and runs, so each filter type has something to win on.</summary>
    private static WorkingImage NoisyImage(PixelLayout layout, int width, int height, int seed)
    {
        var image = WorkingImage.Create(ImagingConfiguration.Current, layout, width, height);
        var bytes = image.Bytes;
        var random = new Random(seed * 31 + (int)layout);
        for (var i = 0; i < bytes.Length; i++)
        {
            var x = i % image.Stride;
            var y = i / image.Stride;
            bytes[i] = (y % 5) switch
            {
                0 => 200,
                1 => (byte)(x * 3 + y),
                _ => (byte)(x + y * 2 + random.Next(-20, 21)),
            };
        }

        return image;
    }
}
