using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// Writes a working image as an 8-bit, non-interlaced PNG: signature, IHDR (colour type from the layout: gray,
/// gray + alpha, RGB or RGBA), pHYs (the pixel density, as ImageSharp's encoder writes it), iCCP when the image
/// carries an ICC profile, the row-filtered pixels deflated by .NET's zlib (<see cref="ZLibStream"/>) in IDAT
/// chunks of at most <see cref="MaxIdatDataBytes"/>, and IEND. No other metadata is written.
/// </summary>
/// <remarks>
/// Rows are read in place from the image's contiguous buffer, filtered into a reused row buffer and handed to
/// zlib one at a time; the compressed stream goes out chunk by chunk, so nothing holds the whole image twice.
/// Runs on the calling thread only.
/// </remarks>
internal static class PngWriter
{
    /// <summary>The most data bytes per IDAT chunk; zlib's output is cut into chunks of this size as it comes.</summary>
    public const int MaxIdatDataBytes = 256 * 1024;

    /// <summary>The keyword written as the iCCP profile name (1-79 Latin-1 characters).</summary>
    public const string IccProfileName = "ICC profile";

    private const int ChunkOverheadBytes = 12;

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Writes <paramref name="image"/> with zlib level <paramref name="compressionLevel"/> (clamped to 1..9) and
    /// <paramref name="filter"/> on every row (the per-row best for <see cref="PngRowFilter.Adaptive"/>).
    /// The ICC profile in the image's metadata, if any, is written as is: the caller decides whether it fits.
    /// </summary>
    public static void Write(WorkingImage image, int compressionLevel, PngRowFilter filter, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        var options = new ZLibCompressionOptions { CompressionLevel = Math.Clamp(compressionLevel, 1, 9) };
        var metadata = image.Image.Metadata;

        destination.Write(Signature);
        WriteHeader(destination, image.Width, image.Height, image.Layout);
        WritePhysicalDimensions(destination, metadata);
        if (metadata.IccProfile is { } profile)
        {
            WriteIccProfile(destination, profile, options);
        }

        WriteImageData(destination, image, filter, options);
        WriteChunk(destination, "IEND"u8, []);
    }

    private static void WriteHeader(Stream destination, int width, int height, PixelLayout layout)
    {
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = layout switch
        {
            PixelLayout.Gray => 0,
            PixelLayout.GrayAlpha => 4,
            PixelLayout.Rgb => 2,
            PixelLayout.Rgba => 6,
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown pixel layout."),
        };
        header[10] = 0; // compression method: deflate
        header[11] = 0; // filter method: the five adaptive filter types
        header[12] = 0; // no interlace
        WriteChunk(destination, "IHDR"u8, header);
    }

    /// <summary>pHYs in pixels per metre (unit 1), or unit 0 when the metadata holds only an aspect ratio.</summary>
    private static void WritePhysicalDimensions(Stream destination, ImageMetadata metadata)
    {
        var (toUnit, unit) = metadata.ResolutionUnits switch
        {
            PixelResolutionUnit.AspectRatio => (1.0, (byte)0),
            PixelResolutionUnit.PixelsPerInch => (1 / 0.0254, (byte)1),
            PixelResolutionUnit.PixelsPerCentimeter => (100.0, (byte)1),
            _ => (1.0, (byte)1),
        };
        Span<byte> physical = stackalloc byte[9];
        BinaryPrimitives.WriteUInt32BigEndian(physical, ToUInt32(metadata.HorizontalResolution * toUnit));
        BinaryPrimitives.WriteUInt32BigEndian(physical[4..], ToUInt32(metadata.VerticalResolution * toUnit));
        physical[8] = unit;
        WriteChunk(destination, "pHYs"u8, physical);

        static uint ToUInt32(double value) => (uint)Math.Clamp(Math.Round(value), 0, int.MaxValue);
    }

    /// <summary>iCCP: profile name, a zero separator, compression method 0, then the zlib-compressed profile.</summary>
    private static void WriteIccProfile(Stream destination, IccProfile profile, ZLibCompressionOptions options)
    {
        using var data = new MemoryStream();
        data.Write(Encoding.Latin1.GetBytes(IccProfileName));
        data.WriteByte(0);
        data.WriteByte(0);
        using (var zlib = new ZLibStream(data, options, leaveOpen: true))
        {
            zlib.Write(profile.ToByteArray());
        }

        WriteChunk(destination, "iCCP"u8, data.GetBuffer().AsSpan(0, (int)data.Length));
    }

    private static void WriteImageData(Stream destination, WorkingImage image, PngRowFilter filter, ZLibCompressionOptions options)
    {
        var pixels = image.Bytes;
        var stride = image.Stride;
        var bytesPerPixel = image.Channels;
        var fixedType = PngRowFilters.FixedType(filter);

        // The row above the first is all zero; the filtered row (with its type byte) and, for the adaptive
        // choice, a second one to try the next filter type in are reused for every row.
        var zeroRow = ArrayPool<byte>.Shared.Rent(stride);
        var filtered = ArrayPool<byte>.Shared.Rent(stride + 1);
        var candidate = fixedType is null ? ArrayPool<byte>.Shared.Rent(stride + 1) : null;
        try
        {
            Array.Clear(zeroRow, 0, stride);
            using var chunks = new IdatChunkStream(destination);
            using (var zlib = new ZLibStream(chunks, options, leaveOpen: true))
            {
                for (var y = 0; y < image.Height; y++)
                {
                    var row = pixels.Slice(y * stride, stride);
                    var previous = y == 0 ? zeroRow.AsSpan(0, stride) : pixels.Slice((y - 1) * stride, stride);
                    var output = filtered.AsSpan(0, stride + 1);
                    if (fixedType is { } type)
                    {
                        PngRowFilters.Apply(type, row, previous, bytesPerPixel, output);
                    }
                    else
                    {
                        output = FilterAdaptive(row, previous, bytesPerPixel, output, candidate.AsSpan(0, stride + 1));
                    }

                    zlib.Write(output);
                }
            }

            chunks.Flush();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(zeroRow);
            ArrayPool<byte>.Shared.Return(filtered);
            if (candidate is not null)
            {
                ArrayPool<byte>.Shared.Return(candidate);
            }
        }
    }

    /// <summary>Tries every filter type and returns whichever of the two buffers holds the row with the lowest score.</summary>
    private static Span<byte> FilterAdaptive(
        ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> best, Span<byte> candidate)
    {
        var bestScore = long.MaxValue;
        foreach (var type in PngRowFilters.All)
        {
            PngRowFilters.Apply(type, row, previous, bytesPerPixel, candidate);
            var score = PngRowFilters.Score(candidate, bestScore);
            if (score < bestScore)
            {
                bestScore = score;
                var swap = best;
                best = candidate;
                candidate = swap;
            }
        }

        return best;
    }

    private static void WriteChunk(Stream destination, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> field = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
        destination.Write(field);
        destination.Write(type);
        destination.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(field, crc.GetCurrentHashAsUInt32());
        destination.Write(field);
    }

    /// <summary>
    /// A write-only stream that collects zlib's output and writes it to the destination as IDAT chunks of
    /// <see cref="MaxIdatDataBytes"/> (the last one shorter). Each chunk is laid out in one buffer (length, type,
    /// data, CRC) and written with one call.
    /// </summary>
    private sealed class IdatChunkStream(Stream destination) : Stream
    {
        private byte[]? _chunk = ArrayPool<byte>.Shared.Rent(MaxIdatDataBytes + ChunkOverheadBytes);
        private int _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var chunk = _chunk ?? throw new ObjectDisposedException(nameof(IdatChunkStream));
            while (!buffer.IsEmpty)
            {
                var count = Math.Min(buffer.Length, MaxIdatDataBytes - _length);
                buffer[..count].CopyTo(chunk.AsSpan(8 + _length));
                _length += count;
                buffer = buffer[count..];
                if (_length == MaxIdatDataBytes)
                {
                    WriteChunk(chunk);
                }
            }
        }

        /// <summary>Writes what has been collected as an IDAT chunk (nothing when empty).</summary>
        public override void Flush()
        {
            if (_chunk is { } chunk && _length > 0)
            {
                WriteChunk(chunk);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _chunk, null) is { } chunk)
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            base.Dispose(disposing);
        }

        private void WriteChunk(byte[] chunk)
        {
            BinaryPrimitives.WriteInt32BigEndian(chunk, _length);
            "IDAT"u8.CopyTo(chunk.AsSpan(4));
            var crc = Crc32.HashToUInt32(chunk.AsSpan(4, 4 + _length));
            BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + _length), crc);
            destination.Write(chunk, 0, _length + ChunkOverheadBytes);
            _length = 0;
        }
    }
}
