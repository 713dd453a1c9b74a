using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace ImageFunctions.Tests;

/// <summary>
/// Images carrying metadata, built byte by byte: JPEGs with extra marker segments after SOI, PNGs with extra chunks after
/// IHDR, and the EXIF blocks inside them. The hostile ones are the cases (380 EXIF segments, 255 ICC chunks).
/// </summary>
public static class MetadataImages
{
    /// <summary>The largest payload of a JPEG marker segment (its length field counts itself).</summary>
    public const int MaxSegmentPayload = ushort.MaxValue - 2;

    /// <summary>A small JPEG with <paramref name="count"/> segments of <paramref name="marker"/> (e.g. 0xE1) inserted after SOI, each <paramref name="header"/> then filler up to <paramref name="payloadBytes"/>.</summary>
    public static byte[] JpegWithSegments(byte marker, int count, int payloadBytes, ReadOnlySpan<byte> header, int width = 48, int height = 32)
    {
        var payload = new byte[payloadBytes];
        header.CopyTo(payload);
        for (var i = header.Length; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 7); // never a marker: segments are skipped by their length
        }

        return InsertJpegSegments(TestImages.Jpeg(width, height), Enumerable.Repeat((marker, payload), count));
    }

    /// <summary>The case: 380 APP1 (EXIF) segments of 64 KiB, about 25 MB in all.</summary>
    public static byte[] JpegWith380ExifSegments() => JpegWithSegments(0xE1, 380, MaxSegmentPayload, "Exif\0\0II*\0"u8);

    /// <summary>The other case: an ICC profile split over 255 APP2 segments of 64 KiB (sequence numbers 1-255).</summary>
    public static byte[] JpegWith255IccSegments()
    {
        var segments = Enumerable.Range(1, 255).Select(i =>
        {
            var payload = new byte[MaxSegmentPayload];
            "ICC_PROFILE\0"u8.CopyTo(payload);
            payload[12] = (byte)i;
            payload[13] = 255;
            return ((byte)0xE2, payload);
        });
        return InsertJpegSegments(TestImages.Jpeg(), segments);
    }

    /// <summary><paramref name="jpeg"/> with the segments inserted right after SOI (before its own APP0, DQT, SOF...).</summary>
    public static byte[] InsertJpegSegments(byte[] jpeg, IEnumerable<(byte Marker, byte[] Payload)> segments)
    {
        using var output = new MemoryStream();
        output.Write(jpeg.AsSpan(0, 2)); // SOI
        Span<byte> header = stackalloc byte[4];
        foreach (var (marker, payload) in segments)
        {
            header[0] = 0xFF;
            header[1] = marker;
            BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(payload.Length + 2));
            output.Write(header);
            output.Write(payload);
        }

        output.Write(jpeg.AsSpan(2));
        return output.ToArray();
    }

    /// <summary>An APP1 EXIF payload ("Exif\0\0" + TIFF) with IFD0 holding the orientation and, if given, the resolution.</summary>
    public static byte[] ExifApp1(ushort orientation, bool bigEndian = false, (uint Numerator, uint Denominator)? resolution = null, ushort? unit = null) =>
        [.. "Exif\0\0"u8, .. Tiff(orientation, bigEndian, resolution, unit)];

    /// <summary>A TIFF-structured EXIF block whose IFD0 holds the orientation and, if given, the resolution.</summary>
    public static byte[] Tiff(ushort orientation, bool bigEndian = false, (uint Numerator, uint Denominator)? resolution = null, ushort? unit = null)
    {
        var entries = new List<(ushort Tag, ushort Type, uint Value)> { (0x0112, 3, orientation) };
        var rationalsAt = 8 + 2 + (12 * 4) + 4; // after IFD0 with room for four entries and the next-IFD offset
        if (resolution is not null)
        {
            entries.Add((0x011A, 5, (uint)rationalsAt));
            entries.Add((0x011B, 5, (uint)rationalsAt + 8));
        }

        if (unit is { } u)
        {
            entries.Add((0x0128, 3, u));
        }

        var tiff = new byte[rationalsAt + 16];
        tiff[0] = tiff[1] = (byte)(bigEndian ? 'M' : 'I');
        Write16(tiff, 2, 42, bigEndian);
        Write32(tiff, 4, 8, bigEndian);
        Write16(tiff, 8, (ushort)entries.Count, bigEndian);
        for (var i = 0; i < entries.Count; i++)
        {
            var at = 10 + (i * 12);
            Write16(tiff, at, entries[i].Tag, bigEndian);
            Write16(tiff, at + 2, entries[i].Type, bigEndian);
            Write32(tiff, at + 4, 1, bigEndian);
            if (entries[i].Type == 3)
            {
                Write16(tiff, at + 8, (ushort)entries[i].Value, bigEndian); // a SHORT sits in the first two bytes of the field
            }
            else
            {
                Write32(tiff, at + 8, entries[i].Value, bigEndian);
            }
        }

        if (resolution is { } r)
        {
            Write32(tiff, rationalsAt, r.Numerator, bigEndian);
            Write32(tiff, rationalsAt + 4, r.Denominator, bigEndian);
            Write32(tiff, rationalsAt + 8, r.Numerator, bigEndian);
            Write32(tiff, rationalsAt + 12, r.Denominator, bigEndian);
        }

        return tiff;
    }

    /// <summary>A small PNG with <paramref name="count"/> chunks of <paramref name="type"/> holding <paramref name="data"/> inserted after IHDR.</summary>
    public static byte[] PngWithChunks(string type, int count, byte[] data, int width = 48, int height = 32) =>
        InsertPngChunks(TestImages.Png(width, height), Enumerable.Repeat((type, data), count));

    /// <summary><paramref name="png"/> with the chunks inserted right after IHDR.</summary>
    public static byte[] InsertPngChunks(byte[] png, IEnumerable<(string Type, byte[] Data)> chunks)
    {
        const int afterIhdr = 8 + 4 + 4 + 13 + 4;
        using var output = new MemoryStream();
        output.Write(png.AsSpan(0, afterIhdr));
        foreach (var (type, data) in chunks)
        {
            WritePngChunk(output, type, data);
        }

        output.Write(png.AsSpan(afterIhdr));
        return output.ToArray();
    }

    /// <summary>A tEXt or zTXt payload in ImageMagick's "Raw profile type exif" form: "exif", the byte count, the bytes in hex lines.</summary>
    public static byte[] LegacyExifText(byte[] exifApp1, bool compressed)
    {
        var hex = Convert.ToHexStringLower(exifApp1);
        var lines = Enumerable.Range(0, (hex.Length + 71) / 72).Select(i => hex.Substring(i * 72, Math.Min(72, hex.Length - (i * 72))));
        var text = Encoding.Latin1.GetBytes($"\nexif\n{exifApp1.Length,8}\n{string.Join('\n', lines)}\n");
        var keyword = Encoding.Latin1.GetBytes("Raw profile type exif\0");
        return compressed ? [.. keyword, 0, .. Deflate(text)] : [.. keyword, .. text];
    }

    /// <summary>zlib-compressed <paramref name="data"/>.</summary>
    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    private static void WritePngChunk(Stream output, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        output.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        output.Write(crc);
    }

    private static void Write16(byte[] data, int offset, ushort value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(offset), value);
        }
    }

    private static void Write32(byte[] data, int offset, uint value, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(offset), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset), value);
        }
    }
}
