using System.Buffers.Binary;

namespace ImageFunctions.Imaging;

/// <summary>Finds the real format from the first bytes of a file, never from its name or Content-Type.</summary>
public static class ImageFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> wants.</summary>
    public const int HeaderLength = 32;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;

    private static ReadOnlySpan<byte> Riff => "RIFF"u8;

    private static ReadOnlySpan<byte> Webp => "WEBP"u8;

    private static ReadOnlySpan<byte> TiffLittleEndian => [0x49, 0x49, 0x2A, 0x00];

    private static ReadOnlySpan<byte> TiffBigEndian => [0x4D, 0x4D, 0x00, 0x2A];

    /// <summary>The format of the data that starts with <paramref name="header"/>, or null when it is none we decode.</summary>
    public static ImageFormatInfo? Detect(ReadOnlySpan<byte> header)
    {
        if (header.StartsWith(PngSignature))
        {
            return ImageFormatInfo.Png;
        }

        if (header.StartsWith(JpegSignature))
        {
            return ImageFormatInfo.Jpeg;
        }

        if (header.StartsWith(Gif87) || header.StartsWith(Gif89))
        {
            return ImageFormatInfo.Gif;
        }

        if (header.Length >= 12 && header.StartsWith(Riff) && header.Slice(8, 4).SequenceEqual(Webp))
        {
            return ImageFormatInfo.Webp;
        }

        if (header.StartsWith(TiffLittleEndian) || header.StartsWith(TiffBigEndian))
        {
            return ImageFormatInfo.Tiff;
        }

        // "BM" alone is weak; also require the reserved header fields to be zero and a known DIB header size.
        if (header.Length >= 18 && header[0] == (byte)'B' && header[1] == (byte)'M'
            && header[6] == 0 && header[7] == 0 && header[8] == 0 && header[9] == 0)
        {
            var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(header.Slice(14, 4));
            if (dibSize is 12 or 16 or 40 or 52 or 56 or 64 or 108 or 124)
            {
                return ImageFormatInfo.Bmp;
            }
        }

        return null;
    }
}
