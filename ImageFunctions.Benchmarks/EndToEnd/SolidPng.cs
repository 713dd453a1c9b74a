using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Writes an 8-bit RGB PNG of one colour row by row, never holding the image: a 6324×6324 picture (40 MP, 120 MB of
/// pixels) deflates to about 120 KB, the case of a tiny upload that decodes to the most pixels the limits allow.
/// </summary>
internal static class SolidPng
{
    /// <summary>Writes a <paramref name="width"/> × <paramref name="height"/> PNG filled with (<paramref name="red"/>, <paramref name="green"/>, <paramref name="blue"/>).</summary>
    public static void Write(string path, int width, int height, byte red, byte green, byte blue)
    {
        using var file = File.Create(path);
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type RGB
        WriteChunk(file, "IHDR", header);

        // Each row: filter byte 0 (None), then the pixels.
        var row = new byte[1 + (width * 3)];
        for (var x = 0; x < width; x++)
        {
            row[1 + (x * 3)] = red;
            row[2 + (x * 3)] = green;
            row[3 + (x * 3)] = blue;
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }

        WriteChunk(file, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream destination, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        var crc = new Crc32();
        crc.Append(typeBytes);
        crc.Append(data);
        destination.Write(length);
        destination.Write(typeBytes);
        destination.Write(data);
        destination.Write(crc.GetCurrentHash().Reverse().ToArray()); // Crc32 gives little-endian bytes; PNG wants big-endian
    }
}
