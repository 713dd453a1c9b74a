using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// Walks a JPEG's marker segments (up to the image data) or a PNG's chunks before any decoder reads them, counts the
/// metadata (JPEG: APP0-APP15 and COM segments; PNG: tEXt, zTXt, iTXt, eXIf and iCCP chunks) against
/// <see cref="ImageLimits.MaxMetadataSegments"/> and <see cref="ImageLimits.MaxMetadataBytes"/>, refuses an image over
/// either with <see cref="ImageRejection.ExcessiveMetadata"/>, and reads the little the engine needs
/// (<see cref="ScannedMetadata"/>). ImageSharp 2.1 gathers every EXIF, ICC and XMP segment of a JPEG by growing an
/// array per segment (quadratic in their count) and inflates PNG text four bytes at a time; its decoders now run with
/// <c>IgnoreMetadata</c>, and this scan is linear and reads each byte at most once.
/// </summary>
internal static class MetadataScanner
{
    private const string LegacyExifKeyword = "Raw profile type exif";

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;

    private static ReadOnlySpan<byte> IccHeader => "ICC_PROFILE\0"u8;

    private static ReadOnlySpan<byte> JfifHeader => "JFIF\0"u8;

    /// <summary>Scans <paramref name="data"/>, an image of <paramref name="format"/>; other formats than JPEG and PNG give <see cref="ScannedMetadata.None"/>.</summary>
    public static ScannedMetadata Scan(ReadOnlySpan<byte> data, ImageFormatInfo format, ImageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (format == ImageFormatInfo.Jpeg)
        {
            return ScanJpeg(data, limits);
        }

        return format == ImageFormatInfo.Png ? ScanPng(data, limits) : ScannedMetadata.None;
    }

    private static ScannedMetadata ScanJpeg(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        var counter = new Counter(limits, "JPEG", "APP and COM segments");
        ExifEssentials? exif = null;
        var jfifDensity = false;
        MemoryStream? icc = null;

        // After SOI: marker segments up to SOS, where the entropy-coded data starts (no metadata is read after it).
        var position = 2;
        while (position + 1 < data.Length)
        {
            if (data[position] != 0xFF)
            {
                position++; // stray bytes between segments: the decoder skips to the next marker, and so do we
                continue;
            }

            var marker = data[position + 1];
            position += marker == 0xFF ? 1 : 2; // 0xFF fill bytes before a marker
            if (marker is 0xFF or 0x00 or 0x01 or (>= 0xD0 and <= 0xD8))
            {
                continue; // fill, stuffed zero, TEM, RSTn, SOI: no length
            }

            if (marker is 0xD9 or 0xDA || position + 2 > data.Length)
            {
                break; // EOI, SOS
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            if (length < 2 || position + length > data.Length)
            {
                break; // truncated: the decoder refuses it
            }

            var payload = data.Slice(position + 2, length - 2);
            position += length;
            if (marker is not ((>= 0xE0 and <= 0xEF) or 0xFE))
            {
                continue;
            }

            counter.Add(payload.Length);
            switch (marker)
            {
                case 0xE0:
                    jfifDensity |= HasJfifDensity(payload);
                    break;
                case 0xE1 when exif is null && payload.StartsWith(ExifHeader):
                    // IFD0 sits at the start of the first EXIF segment; the rest (thumbnail, maker notes) is not read.
                    exif = ExifEssentials.Read(payload[ExifHeader.Length..]);
                    break;
                case 0xE2 when payload.Length >= IccHeader.Length + 2 && payload.StartsWith(IccHeader):
                    // A profile over 64 KiB is split over APP2 segments (sequence number, count); joined in file order as ImageSharp does.
                    icc ??= new MemoryStream();
                    icc.Write(payload[(IccHeader.Length + 2)..]);
                    break;
            }
        }

        return new ScannedMetadata(exif?.Orientation, icc?.ToArray(), jfifDensity ? null : exif);
    }

    /// <summary>As ImageSharp's JFIF reader: "JFIF\0", version, units, then both densities above zero (signed 16-bit).</summary>
    private static bool HasJfifDensity(ReadOnlySpan<byte> payload) =>
        payload.Length >= 13
        && payload.StartsWith(JfifHeader)
        && BinaryPrimitives.ReadInt16BigEndian(payload[8..]) > 0
        && BinaryPrimitives.ReadInt16BigEndian(payload[10..]) > 0;

    private static ScannedMetadata ScanPng(ReadOnlySpan<byte> data, ImageLimits limits)
    {
        var counter = new Counter(limits, "PNG", "text, EXIF and ICC chunks");
        ushort? orientation = null;
        ushort? legacyOrientation = null;

        // After the signature: length, type, data, CRC, up to IEND; text chunks may also follow the image data.
        var position = 8;
        while (position + 8 <= data.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data[position..]);
            if (length < 0 || length > data.Length - position - 12)
            {
                break; // truncated or corrupt: the decoder deals with it
            }

            var type = data.Slice(position + 4, 4);
            var payload = data.Slice(position + 8, length);
            position += length + 12;
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }

            if (type.SequenceEqual("eXIf"u8))
            {
                counter.Add(length);

                // ImageSharp lets a later eXIf chunk replace an earlier one's values.
                orientation = ExifEssentials.Read(payload)?.Orientation ?? orientation;
            }
            else if (type.SequenceEqual("tEXt"u8) || type.SequenceEqual("zTXt"u8))
            {
                counter.Add(length);

                // Older writers (ImageMagick, exiftool) keep EXIF as hex text; the first such chunk counts, as in ImageSharp.
                legacyOrientation ??= ReadLegacyExif(payload, compressed: type[0] == (byte)'z', limits)?.Orientation;
            }
            else if (type.SequenceEqual("iTXt"u8) || type.SequenceEqual("iCCP"u8))
            {
                counter.Add(length);
            }
        }

        // ImageSharp 2.1's PNG decoder reads no ICC profile and takes no resolution from EXIF.
        return new ScannedMetadata(orientation ?? legacyOrientation, null, null);
    }

    /// <summary>
    /// EXIF in a "Raw profile type exif" text chunk: "exif", the byte count, then the bytes as hex, starting with
    /// "Exif\0\0". A compressed chunk is inflated up to <see cref="ImageLimits.MaxMetadataBytes"/> and refused beyond.
    /// </summary>
    private static ExifEssentials? ReadLegacyExif(ReadOnlySpan<byte> payload, bool compressed, ImageLimits limits)
    {
        var keywordEnd = payload.IndexOf((byte)0);
        if (keywordEnd < 0 || !Encoding.Latin1.GetString(payload[..keywordEnd]).Equals(LegacyExifKeyword, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var textBytes = compressed ? Inflate(payload[(keywordEnd + 1)..], limits) : payload[(keywordEnd + 1)..].ToArray();
        if (textBytes is null)
        {
            return null;
        }

        var text = Encoding.Latin1.GetString(textBytes).AsSpan().TrimStart();
        if (!text.StartsWith("exif", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        text = text[4..].TrimStart();
        var lineEnd = text.IndexOf('\n');
        if (lineEnd < 0 || !int.TryParse(text[..lineEnd].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var byteCount))
        {
            return null;
        }

        var hex = new StringBuilder(Math.Min(byteCount, text.Length) * 2);
        foreach (var c in text[lineEnd..])
        {
            if (!char.IsWhiteSpace(c))
            {
                hex.Append(c);
            }
        }

        if (hex.Length % 2 != 0)
        {
            return null;
        }

        byte[] exif;
        try
        {
            exif = Convert.FromHexString(hex.ToString());
        }
        catch (FormatException)
        {
            return null;
        }

        var block = exif.AsSpan(0, Math.Min(exif.Length, byteCount));
        return block.StartsWith(ExifHeader) ? ExifEssentials.Read(block[ExifHeader.Length..]) : null;
    }

    /// <summary>zTXt: compression method 0 (zlib), then the stream; null when it is not one.</summary>
    private static byte[]? Inflate(ReadOnlySpan<byte> methodAndData, ImageLimits limits)
    {
        if (methodAndData.IsEmpty || methodAndData[0] != 0)
        {
            return null;
        }

        using var zlib = new ZLibStream(new MemoryStream(methodAndData[1..].ToArray(), writable: false), CompressionMode.Decompress);
        using var text = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = zlib.Read(buffer)) > 0)
            {
                text.Write(buffer, 0, read);
                if (text.Length > limits.MaxMetadataBytes)
                {
                    throw new ImageRejectedException(
                        ImageRejection.ExcessiveMetadata,
                        $"The PNG's compressed EXIF text inflates to more than the limit of {limits.MaxMetadataBytes:N0} bytes of metadata.");
                }
            }
        }
        catch (InvalidDataException)
        {
            return null; // corrupt: ignored, as ImageSharp ignores text it cannot inflate
        }

        return text.ToArray();
    }

    /// <summary>Counts metadata segments and their bytes, refusing the image as soon as either passes its limit.</summary>
    private ref struct Counter(ImageLimits limits, string format, string what)
    {
        private int _segments;
        private long _bytes;

        public void Add(int bytes)
        {
            _segments++;
            _bytes += bytes;
            if (_segments > limits.MaxMetadataSegments || _bytes > limits.MaxMetadataBytes)
            {
                throw new ImageRejectedException(
                    ImageRejection.ExcessiveMetadata,
                    $"The {format} carries too much metadata: more than {(_segments > limits.MaxMetadataSegments ? $"{limits.MaxMetadataSegments:N0} {what}" : $"{limits.MaxMetadataBytes:N0} bytes of {what}")}; "
                    + $"the limits are {limits.MaxMetadataSegments:N0} segments and {limits.MaxMetadataBytes:N0} bytes.");
            }
        }
    }
}
