using System.Buffers.Binary;
using System.Text;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// JPEG and PNG are decoded with <c>IgnoreMetadata</c>, and the engine reads what it needs itself: these tests hold its
/// reading to what ImageSharp's own decoders (reading everything) make of the same files: the EXIF orientation, a
/// JPEG's ICC profile and its resolution (JFIF, else EXIF). And images without alpha decode to three channels.
/// </summary>
public sealed class MetadataReadingTests
{
    public static TheoryData<string> Files => new(Inputs.Keys);

    private static readonly Dictionary<string, Func<byte[]>> Inputs = new()
    {
        ["ImageSharp JPEG: JFIF, EXIF orientation 6 and resolution, ICC"] = () => EncodedJpeg(orientation: 6, icc: true),
        ["JPEG without JFIF: EXIF resolution 300 dpi, big-endian EXIF, orientation 8"] = () =>
            MetadataImages.InsertJpegSegments(WithoutApp0(TestImages.Jpeg(40, 20)), [(0xE1, MetadataImages.ExifApp1(8, bigEndian: true, (300, 1), 2))]),
        ["JPEG without JFIF: EXIF resolution in cm, orientation 3"] = () =>
            MetadataImages.InsertJpegSegments(WithoutApp0(TestImages.Jpeg(40, 20)), [(0xE1, MetadataImages.ExifApp1(3, resolution: (118, 1), unit: 3))]),
        ["JPEG: ICC profile over two APP2 segments, orientation 2"] = () =>
            MetadataImages.InsertJpegSegments(TestImages.Jpeg(40, 20), IccSegments(IccProfileBytes("RGB ", 100_000)).Prepend(((byte)0xE1, MetadataImages.ExifApp1(2)))),
        ["PNG: eXIf orientation 3"] = () => MetadataImages.InsertPngChunks(TestImages.Png(40, 20), [("eXIf", MetadataImages.Tiff(3))]),
        ["PNG: two eXIf chunks, the later one wins"] = () =>
            MetadataImages.InsertPngChunks(TestImages.Png(40, 20), [("eXIf", MetadataImages.Tiff(3)), ("eXIf", MetadataImages.Tiff(6, bigEndian: true))]),
        ["PNG: ImageMagick's raw EXIF text (tEXt), orientation 8"] = () =>
            MetadataImages.InsertPngChunks(TestImages.Png(40, 20), [("tEXt", MetadataImages.LegacyExifText(MetadataImages.ExifApp1(8), compressed: false))]),
        ["PNG: ImageMagick's raw EXIF text (zTXt), orientation 5"] = () =>
            MetadataImages.InsertPngChunks(TestImages.Png(40, 20), [("zTXt", MetadataImages.LegacyExifText(MetadataImages.ExifApp1(5), compressed: true))]),
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Decode_ReadsTheMetadataImageSharpWouldRead(string file)
    {
        var data = Inputs[file]();
        var expected = Image.Identify(data).Metadata; // ImageSharp's default decoders read every profile

        var configuration = ImagingConfiguration.Current;
        var inspected = ImageDecoding.Inspect(data, new ImageLimits(), configuration, CancellationToken.None);
        var ours = new ImageMetadata();
        inspected.Metadata.ApplyTo(ours);
        using var decoded = ImageDecoding.Decode(data, inspected, configuration, CancellationToken.None);
        var actual = decoded.Image.Metadata;

        Assert.Equal(expected.ExifProfile?.GetValue(ExifTag.Orientation)?.Value, ours.ExifProfile?.GetValue(ExifTag.Orientation)?.Value);
        Assert.NotNull(ours.ExifProfile?.GetValue(ExifTag.Orientation)); // every input has one
        Assert.Equal(expected.HorizontalResolution, actual.HorizontalResolution);
        Assert.Equal(expected.VerticalResolution, actual.VerticalResolution);
        Assert.Equal(expected.ResolutionUnits, actual.ResolutionUnits);
        Assert.Equal(expected.IccProfile?.ToByteArray(), actual.IccProfile?.ToByteArray());
    }

    [Fact]
    public void Process_JpegWithIccProfile_KeepsItInTheOutput()
    {
        var profile = IccProfileBytes("RGB ", 100_000);
        var jpeg = MetadataImages.InsertJpegSegments(TestImages.Jpeg(40, 20), IccSegments(profile));

        var (_, output) = TestImages.Process(jpeg, "blur", new OutputOptions(OutputFormat.Jpeg));

        Assert.Equal(profile, Image.Identify(output).Metadata.IccProfile?.ToByteArray());
    }

    [Theory]
    [InlineData(false, 6, 20, 40)]
    [InlineData(true, 6, 20, 40)]
    [InlineData(false, 3, 40, 20)]
    public void Process_PngWithExifOrientation_IsOriented(bool legacyText, ushort orientation, int width, int height)
    {
        var chunk = legacyText
            ? ("zTXt", MetadataImages.LegacyExifText(MetadataImages.ExifApp1(orientation), compressed: true))
            : ("eXIf", MetadataImages.Tiff(orientation));
        var png = MetadataImages.InsertPngChunks(TestImages.Png(40, 20), [chunk]);

        var (info, output) = TestImages.Process(png, "invert");

        // The same as the engine's output for the picture oriented by ImageSharp (reading the EXIF itself) beforehand.
        Assert.Equal((width, height), (info.Width, info.Height));
        using var oriented = Image.Load<Rgb24>(png);
        oriented.Mutate(x => x.AutoOrient());
        oriented.Metadata.ExifProfile = null;
        TestImages.AssertSamePixels(TestImages.Process(Encode(oriented), "invert").Output, output, "oriented and inverted");
    }

    public static TheoryData<string> OpaqueFormats => new() { "palette png", "bmp 24", "lossy webp" };

    [Theory]
    [MemberData(nameof(OpaqueFormats))]
    public void Decode_OpaqueImageThatImageSharpWouldDecodeAsRgba_IsDecodedAsRgbWithTheSamePixels(string kind)
    {
        using var source = new Image<Rgb24>(37, 23);
        for (var y = 0; y < source.Height; y++)
        {
            for (var x = 0; x < source.Width; x++)
            {
                source[x, y] = new Rgb24((byte)(x * 7), (byte)(y * 11), (byte)((x ^ y) * 5));
            }
        }

        using var stream = new MemoryStream();
        source.Save(stream, kind switch
        {
            "palette png" => new PngEncoder { ColorType = PngColorType.Palette },
            "bmp 24" => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
            _ => new WebpEncoder { FileFormat = WebpFileFormatType.Lossy },
        });
        var data = stream.ToArray();
        var configuration = ImagingConfiguration.Current;
        var inspected = ImageDecoding.Inspect(data, new ImageLimits(), configuration, CancellationToken.None);

        using var decoded = ImageDecoding.Decode(data, inspected, configuration, CancellationToken.None);

        Assert.Equal(PixelLayout.Rgb, decoded.Layout);
        Assert.IsType<Image<Rgb24>>(decoded.Image);
        using var viaRgba = Image.Load<Rgba32>(data); // what ImageSharp decodes these to, alpha all 255
        Assert.True(viaRgba.DangerousTryGetSinglePixelMemory(out var pixels));
        Assert.All(pixels.ToArray(), p => Assert.Equal(255, p.A));
        TestImages.AssertSamePixels(Encode(viaRgba), Encode(decoded.Image), kind);
    }

    private static byte[] EncodedJpeg(ushort orientation, bool icc)
    {
        using var image = new Image<Rgb24>(40, 20);
        image.Metadata.HorizontalResolution = 150;
        image.Metadata.VerticalResolution = 150;
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, orientation);
        image.Metadata.ExifProfile.SetValue(ExifTag.XResolution, new Rational(300));
        image.Metadata.ExifProfile.SetValue(ExifTag.YResolution, new Rational(300));
        if (icc)
        {
            image.Metadata.IccProfile = new IccProfile(IccProfileBytes("RGB ", 3000));
        }

        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 90 });
        return stream.ToArray();
    }

    /// <summary>The JPEG without its APP0 (JFIF) segment, which ImageSharp's encoder writes right after SOI.</summary>
    private static byte[] WithoutApp0(byte[] jpeg)
    {
        Assert.Equal(0xE0, jpeg[3]);
        var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        return [.. jpeg.AsSpan(0, 2), .. jpeg.AsSpan(4 + length)];
    }

    /// <summary>A profile split over APP2 segments of at most 64 KiB, numbered as the ICC spec says.</summary>
    private static IEnumerable<(byte, byte[])> IccSegments(byte[] profile)
    {
        const int chunk = MetadataImages.MaxSegmentPayload - 14;
        var count = (profile.Length + chunk - 1) / chunk;
        for (var i = 0; i < count; i++)
        {
            var part = profile.AsSpan(i * chunk, Math.Min(chunk, profile.Length - (i * chunk)));
            yield return (0xE2, [.. "ICC_PROFILE\0"u8, (byte)(i + 1), (byte)count, .. part]);
        }
    }

    /// <summary>An ICC profile of <paramref name="size"/> bytes: a valid v4 display-class header and no tags.</summary>
    private static byte[] IccProfileBytes(string colorSpace, int size)
    {
        var bytes = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(bytes, bytes.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 0x04300000);
        Encoding.ASCII.GetBytes("mntr").CopyTo(bytes, 12);
        Encoding.ASCII.GetBytes(colorSpace).CopyTo(bytes, 16);
        Encoding.ASCII.GetBytes("XYZ ").CopyTo(bytes, 20);
        Encoding.ASCII.GetBytes("acsp").CopyTo(bytes, 36);
        return bytes;
    }

    private static byte[] Encode(Image image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
