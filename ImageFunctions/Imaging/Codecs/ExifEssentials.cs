using System.Buffers.Binary;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// The few EXIF values the engine uses, read from IFD0 of a TIFF-structured EXIF block: the orientation (auto-orient)
/// and the resolution (which ImageSharp's JPEG decoder takes from EXIF when there is no JFIF density). Nothing else of
/// the block is parsed, so its size costs nothing but the walk over IFD0's entries.
/// </summary>
internal sealed record ExifEssentials(ushort? Orientation, double? XResolution, double? YResolution, ushort? ResolutionUnit)
{
    private const ushort OrientationTag = 0x0112;
    private const ushort XResolutionTag = 0x011A;
    private const ushort YResolutionTag = 0x011B;
    private const ushort ResolutionUnitTag = 0x0128;

    private const ushort ShortType = 3;
    private const ushort LongType = 4;
    private const ushort RationalType = 5;

    /// <summary>Reads IFD0 of <paramref name="tiff"/> (byte order mark, 42, offset of IFD0); null when it is not such a block.</summary>
    public static ExifEssentials? Read(ReadOnlySpan<byte> tiff)
    {
        if (tiff.Length < 8)
        {
            return null;
        }

        // As ImageSharp's ExifReader: "II" is little-endian, anything else big-endian.
        var little = tiff[0] == 'I' && tiff[1] == 'I';
        if (U16(tiff, 2, little) != 42)
        {
            return null;
        }

        var ifd = U32(tiff, 4, little);
        if (ifd > (uint)(tiff.Length - 2))
        {
            return null;
        }

        var start = (int)ifd + 2;
        var count = Math.Min(U16(tiff, (int)ifd, little), (tiff.Length - start) / 12);
        ushort? orientation = null, unit = null;
        double? x = null, y = null;
        for (var i = 0; i < count; i++)
        {
            var entry = tiff.Slice(start + (i * 12), 12);
            var tag = U16(entry, 0, little);
            var type = U16(entry, 2, little);
            if (U32(entry, 4, little) == 0)
            {
                continue; // no value
            }

            switch (tag)
            {
                case OrientationTag when type == ShortType:
                    orientation = U16(entry, 8, little);
                    break;
                case OrientationTag when type == LongType && U32(entry, 8, little) <= ushort.MaxValue:
                    orientation = (ushort)U32(entry, 8, little);
                    break;
                case XResolutionTag when type == RationalType:
                    x = Rational(tiff, U32(entry, 8, little), little);
                    break;
                case YResolutionTag when type == RationalType:
                    y = Rational(tiff, U32(entry, 8, little), little);
                    break;
                case ResolutionUnitTag when type == ShortType:
                    unit = U16(entry, 8, little);
                    break;
            }
        }

        return new ExifEssentials(orientation, x, y, unit);
    }

    private static double? Rational(ReadOnlySpan<byte> tiff, uint offset, bool little)
    {
        if (offset > (uint)(tiff.Length - 8))
        {
            return null;
        }

        var denominator = U32(tiff, (int)offset + 4, little);
        return denominator == 0 ? null : (double)U32(tiff, (int)offset, little) / denominator;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    private static uint U32(ReadOnlySpan<byte> data, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
}
