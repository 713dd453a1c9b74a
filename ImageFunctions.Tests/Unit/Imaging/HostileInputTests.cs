using System.Buffers.Binary;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>Bad, truncated, lying or oversized files: a typed refusal or a correct image, never another exception.</summary>
public sealed class HostileInputTests
{
    [Fact]
    public void Process_ZeroBytes_RejectsAsInvalid()
    {
        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process([]));
        Assert.Equal(ImageRejection.Invalid, ex.Reason);
    }

    [Fact]
    public void Process_TextFileNamedJpg_RejectsAsUnsupportedFormat()
    {
        var text = "this is not a picture, just text pretending to be photo.jpg\n"u8.ToArray();
        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process(text));
        Assert.Equal(ImageRejection.UnsupportedFormat, ex.Reason);
    }

    [Theory]
    [InlineData("jpeg", 0.5)]
    [InlineData("jpeg", 0.1)]
    [InlineData("png", 0.5)]
    [InlineData("png", 0.1)]
    public void Process_TruncatedFile_RejectsOrDecodesFullSize(string format, double keep)
    {
        var full = format == "jpeg" ? TestImages.Jpeg(120, 90) : TestImages.Png(120, 90);
        var truncated = full[..(int)(full.Length * keep)];

        var outcome = Record.Exception(() =>
        {
            var (info, output) = TestImages.Process(truncated, "sharpen", new OutputOptions(OutputFormat.Png));
            Assert.Equal((120, 90), (info.Width, info.Height));
            using var decoded = Image.Load<Rgba32>(output);
            Assert.Equal((120, 90), (decoded.Width, decoded.Height));
        });

        if (outcome is not null)
        {
            var rejected = Assert.IsType<ImageRejectedException>(outcome);
            Assert.Equal(ImageRejection.Invalid, rejected.Reason);
        }
    }

    [Fact]
    public void Process_PngClaiming100000x100000_RejectsAsTooLargeWithoutAllocatingPixels()
    {
        var data = File.ReadAllBytes(GoldenFiles.Hostile("huge_100000x100000.png"));
        TestImages.Process(TestImages.Png(8, 8)); // warm up so JIT allocations do not count

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process(data));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(ImageRejection.TooLarge, ex.Reason);
        Assert.Contains("100000x100000", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 2_000_000, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public void Identify_PngClaiming100000x100000_RejectsAsTooLarge()
    {
        using var stream = File.OpenRead(GoldenFiles.Hostile("huge_100000x100000.png"));
        var ex = Assert.Throws<ImageRejectedException>(() => new ImagePipeline(new ImageLimits()).Identify(stream));
        Assert.Equal(ImageRejection.TooLarge, ex.Reason);
    }

    [Fact]
    public void Process_PngWithZeroWidth_RejectsAsInvalid()
    {
        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process(TestImages.PngHeaderOnly(0, 10)));
        Assert.Equal(ImageRejection.Invalid, ex.Reason);
    }

    [Fact]
    public void Process_GifWithThousandsOfFrames_DecodesFirstFrameOnly()
    {
        var data = File.ReadAllBytes(GoldenFiles.Hostile("frames_3000.gif"));

        var (info, output) = TestImages.Process(data, "invert");

        Assert.Equal(ImageFormatInfo.Png, info.Format);
        using var decoded = Image.Load<Rgba32>(output);
        Assert.Equal((1000, 1000), (decoded.Width, decoded.Height));
        Assert.Equal(1, decoded.Frames.Count);
    }

    [Fact]
    public void Process_SixteenBitPng_WritesEightBitGray()
    {
        var data = File.ReadAllBytes(GoldenFiles.Hostile("gray16_24x16.png"));

        var (info, output) = TestImages.Process(data, "smooth");

        Assert.Equal((24, 16), (info.Width, info.Height));
        var png = GoldenFiles.ReadPng(output);
        Assert.Equal(SixLabors.ImageSharp.Formats.Png.PngColorType.Grayscale, png.ColorType);
        Assert.Equal(8, Image.Identify(output).PixelType.BitsPerPixel);
    }

    [Fact]
    public void Process_CmykJpeg_DecodesToRgbWithPillowLikeColours()
    {
        var data = File.ReadAllBytes(GoldenFiles.Hostile("cmyk_32x24.jpg"));

        var (info, output) = TestImages.Process(data, "invert,invert", new OutputOptions(OutputFormat.Png));

        Assert.Equal((32, 24), (info.Width, info.Height));
        using var decoded = Image.Load<Rgba32>(output);
        Assert.NotEqual(decoded[0, 0], decoded[31, 23]);
    }

    [Fact]
    public void Process_FileOverByteLimit_RejectsAsTooLarge()
    {
        var data = TestImages.Png(64, 64);
        var limits = new ImageLimits(MaxBytes: data.Length - 1);

        var ex = Assert.Throws<ImageRejectedException>(() => TestImages.Process(data, limits: limits));

        Assert.Equal(ImageRejection.TooLarge, ex.Reason);
    }

    [Fact]
    public void Process_NonSeekableStreamOverByteLimit_RejectsAsTooLarge()
    {
        var data = TestImages.Png(64, 64);
        var pipeline = new ImagePipeline(new ImageLimits(MaxBytes: 100));
        using var source = new NonSeekableStream(data);

        var ex = Assert.Throws<ImageRejectedException>(() =>
            pipeline.Process(source, Stream.Null, FilterChain.Parse("blur"), new OutputOptions()));

        Assert.Equal(ImageRejection.TooLarge, ex.Reason);
    }

    [Fact]
    public void Process_ImageOverPixelLimit_RejectsAsTooLarge()
    {
        var ex = Assert.Throws<ImageRejectedException>(() =>
            TestImages.Process(TestImages.Jpeg(50, 40), limits: new ImageLimits(MaxPixels: 1999)));
        Assert.Equal(ImageRejection.TooLarge, ex.Reason);
    }

    [Fact]
    public void Process_ImageAtPixelLimit_IsAccepted()
    {
        var (info, _) = TestImages.Process(TestImages.Jpeg(50, 40), limits: new ImageLimits(MaxPixels: 2000));
        Assert.Equal((50, 40), (info.Width, info.Height));
    }

    [Fact]
    public void Process_JpegWithExifOrientation6_IsRotatedBeforeFiltering()
    {
        var data = File.ReadAllBytes(GoldenFiles.Hostile("exif_rotate90_40x20.jpg"));

        var (info, output) = TestImages.Process(data, "edges");

        Assert.Equal((20, 40), (info.Width, info.Height));
        var written = Image.Identify(output);
        Assert.Equal((20, 40), (written.Width, written.Height));
        Assert.Null(written.Metadata.ExifProfile);
    }

    [Fact]
    public void Identify_ValidJpeg_ReturnsJpegAndLeavesStreamPosition()
    {
        using var stream = new MemoryStream(TestImages.Jpeg(30, 20));
        var format = new ImagePipeline(new ImageLimits()).Identify(stream);
        Assert.Equal(ImageFormatInfo.Jpeg, format);
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void Identify_TruncatedHeader_RejectsAsInvalid()
    {
        var png = TestImages.Png(30, 20)[..20];
        using var stream = new MemoryStream(png);
        var ex = Assert.Throws<ImageRejectedException>(() => new ImagePipeline(new ImageLimits()).Identify(stream));
        Assert.Equal(ImageRejection.Invalid, ex.Reason);
    }

    [Fact]
    public void IdentifyAndProcess_AnimatedWebp_RejectAsUnsupportedFormat()
    {
        // ImageSharp 2.1 reads no animated WebP: it is refused at upload (415) with that reason, never accepted and failed later.
        var webp = AnimatedWebp(100, 100, frames: 3);
        var pipeline = new ImagePipeline(new ImageLimits());

        using var stream = new MemoryStream(webp);
        var atUpload = Assert.Throws<ImageRejectedException>(() => pipeline.Identify(stream));
        var atProcessing = Assert.Throws<ImageRejectedException>(() => TestImages.Process(webp));

        Assert.Equal(ImageRejection.UnsupportedFormat, atUpload.Reason);
        Assert.Equal(ImageRejection.UnsupportedFormat, atProcessing.Reason);
        Assert.Contains("Animated webp", atUpload.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>An animated WebP (VP8X + ANIM + one ANMF per frame) whose frames reuse one lossless still frame.</summary>
    private static byte[] AnimatedWebp(int width, int height, int frames)
    {
        var still = TestImages.Rgb(width, height, new SixLabors.ImageSharp.Formats.Webp.WebpEncoder { FileFormat = SixLabors.ImageSharp.Formats.Webp.WebpFileFormatType.Lossless });
        var bitstream = still.AsSpan(12).ToArray(); // the VP8L chunk, header included (a simple file holds only that chunk)
        using var body = new MemoryStream();
        body.Write("WEBP"u8);
        var vp8x = new byte[10];
        vp8x[0] = 0x02; // animation
        WriteUInt24(vp8x.AsSpan(4), width - 1);
        WriteUInt24(vp8x.AsSpan(7), height - 1);
        WriteRiffChunk(body, "VP8X"u8, vp8x);
        WriteRiffChunk(body, "ANIM"u8, new byte[6]);
        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[16 + bitstream.Length];
            WriteUInt24(frame.AsSpan(6), width - 1);
            WriteUInt24(frame.AsSpan(9), height - 1);
            WriteUInt24(frame.AsSpan(12), 100); // duration in ms
            bitstream.CopyTo(frame.AsSpan(16));
            WriteRiffChunk(body, "ANMF"u8, frame);
        }

        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
        file.Write(size);
        body.WriteTo(file);
        return file.ToArray();

        static void WriteUInt24(Span<byte> target, int value)
        {
            target[0] = (byte)value;
            target[1] = (byte)(value >> 8);
            target[2] = (byte)(value >> 16);
        }
    }

    private static void WriteRiffChunk(Stream stream, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> size = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)data.Length);
        stream.Write(type);
        stream.Write(size);
        stream.Write(data);
        if ((data.Length & 1) == 1)
        {
            stream.WriteByte(0);
        }
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;
    }
}
