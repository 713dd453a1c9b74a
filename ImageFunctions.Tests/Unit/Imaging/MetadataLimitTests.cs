using ImageFunctions.Imaging;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// The cap on metadata (issue 10, "Metadata amplification"): JPEG APPn/COM segments and PNG text, EXIF and ICC chunks are
/// counted before any decoder reads them, and an image over <see cref="ImageLimits.MaxMetadataSegments"/> or
/// <see cref="ImageLimits.MaxMetadataBytes"/> is refused at upload (Identify) and again at processing.
/// </summary>
public sealed class MetadataLimitTests
{
    private static ImageRejectedException IdentifyRefusal(byte[] data, ImageLimits? limits = null)
    {
        using var stream = new MemoryStream(data, writable: false);
        return Assert.Throws<ImageRejectedException>(() => new ImagePipeline(limits ?? new ImageLimits()).Identify(stream));
    }

    private static ImageFormatInfo Identify(byte[] data, ImageLimits limits)
    {
        using var stream = new MemoryStream(data, writable: false);
        return new ImagePipeline(limits).Identify(stream);
    }

    [Fact]
    public void Identify_JpegWith380ExifSegments_IsRefusedForItsMetadata()
    {
        var jpeg = MetadataImages.JpegWith380ExifSegments();
        Assert.InRange(jpeg.Length, 24_000_000, new ImageLimits().MaxBytes); // the 25 MB file, within MaxFileBytes

        var ex = IdentifyRefusal(jpeg);

        Assert.Equal(ImageRejection.ExcessiveMetadata, ex.Reason);
        Assert.Contains("metadata", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Identify_JpegWithAnIccProfileIn255Segments_IsRefusedForItsMetadata()
    {
        var ex = IdentifyRefusal(MetadataImages.JpegWith255IccSegments());

        Assert.Equal(ImageRejection.ExcessiveMetadata, ex.Reason);
    }

    [Theory]
    [InlineData("iCCP")]
    [InlineData("tEXt")]
    [InlineData("zTXt")]
    [InlineData("iTXt")]
    [InlineData("eXIf")]
    public void Identify_PngWith255MetadataChunks_IsRefusedForItsMetadata(string type)
    {
        var png = MetadataImages.PngWithChunks(type, 255, "Comment\0"u8.ToArray().Concat(new byte[1000]).ToArray());

        var ex = IdentifyRefusal(png);

        Assert.Equal(ImageRejection.ExcessiveMetadata, ex.Reason);
    }

    [Fact]
    public void Process_JpegWith380ExifSegments_IsRefusedBeforeDecoding()
    {
        // The processing-time defence: an upload stored before the cap existed (or under a higher one) fails on its own.
        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process(MetadataImages.JpegWith380ExifSegments()));

        Assert.Equal(ImageRejection.ExcessiveMetadata, ex.Reason);
    }

    [Fact]
    public void Identify_SegmentCount_IsAcceptedAtTheLimitAndRefusedOneAbove()
    {
        // The encoder's JPEG has one APP0 (JFIF) segment; two comments make three.
        var limits = new ImageLimits(MaxMetadataSegments: 3);
        var three = MetadataImages.JpegWithSegments(0xFE, 2, 100, "comment"u8);
        var four = MetadataImages.JpegWithSegments(0xFE, 3, 100, "comment"u8);

        Assert.Equal(ImageFormatInfo.Jpeg, Identify(three, limits));
        Assert.Equal(ImageRejection.ExcessiveMetadata, IdentifyRefusal(four, limits).Reason);
    }

    [Fact]
    public void Identify_MetadataBytes_AreAcceptedAtTheLimitAndRefusedOneAbove()
    {
        var png = MetadataImages.PngWithChunks("tEXt", 2, "Comment\0"u8.ToArray().Concat(new byte[992]).ToArray()); // 2 x 1000 bytes

        Assert.Equal(ImageFormatInfo.Png, Identify(png, new ImageLimits(MaxMetadataBytes: 2000)));
        Assert.Equal(ImageRejection.ExcessiveMetadata, IdentifyRefusal(png, new ImageLimits(MaxMetadataBytes: 1999)).Reason);
    }

    [Fact]
    public void Identify_PngWithCompressedExifTextInflatingPastTheLimit_IsRefused()
    {
        // 10 KB of zTXt that inflates to 8 MB: counted by what it inflates to, not by what it weighs.
        var text = "Raw profile type exif\0"u8.ToArray().Append((byte)0).Concat(MetadataImages.Deflate(new byte[8 << 20])).ToArray();
        var png = MetadataImages.PngWithChunks("zTXt", 1, text);
        Assert.True(png.Length < 100_000, $"{png.Length} bytes");

        Assert.Equal(ImageRejection.ExcessiveMetadata, IdentifyRefusal(png).Reason);
    }

    [Fact]
    public void Identify_OtherCompressedTextIsNotInflated()
    {
        // Only the EXIF text is read; any other zTXt is skipped whatever it inflates to (the decoder ignores it too).
        var text = "Comment\0"u8.ToArray().Append((byte)0).Concat(MetadataImages.Deflate(new byte[8 << 20])).ToArray();

        Assert.Equal(ImageFormatInfo.Png, Identify(MetadataImages.PngWithChunks("zTXt", 1, text), new ImageLimits()));
    }
}
