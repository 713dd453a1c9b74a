using System.Numerics;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// The five PNG filter types (PNG specification, section 9) applied to one row of 8-bit samples, and the
/// "minimum sum of absolute differences" score the specification suggests for choosing a filter per row.
/// Filtering reads only unfiltered bytes (the row and the row above), so every filter can run in any order;
/// Up and Sub are byte-wise wrap-around subtractions and use <see cref="Vector{T}"/>.
/// </summary>
internal static class PngRowFilters
{
    /// <summary>The filter types in the order the adaptive choice tries them (ties keep the earlier one).</summary>
    public static ReadOnlySpan<PngFilterType> All =>
        [PngFilterType.None, PngFilterType.Sub, PngFilterType.Up, PngFilterType.Average, PngFilterType.Paeth];

    /// <summary>
    /// Writes the filter type byte and the filtered <paramref name="row"/> to <paramref name="destination"/>
    /// (<c>row.Length + 1</c> bytes). <paramref name="previous"/> is the unfiltered row above (all zero for the first row).
    /// </summary>
    public static void Apply(
        PngFilterType type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> destination)
    {
        if (previous.Length != row.Length || destination.Length != row.Length + 1 || bytesPerPixel is < 1 or > 8)
        {
            throw new ArgumentException("The rows, the destination and the pixel size do not match.");
        }

        destination[0] = (byte)type;
        var filtered = destination[1..];
        switch (type)
        {
            case PngFilterType.None:
                row.CopyTo(filtered);
                break;
            case PngFilterType.Sub:
                Sub(row, bytesPerPixel, filtered);
                break;
            case PngFilterType.Up:
                Subtract(row, previous, filtered);
                break;
            case PngFilterType.Average:
                Average(row, previous, bytesPerPixel, filtered);
                break;
            case PngFilterType.Paeth:
                Paeth(row, previous, bytesPerPixel, filtered);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown PNG filter type.");
        }
    }

    /// <summary>
    /// The sum of the filtered bytes read as signed values, |-128..127| (the filter type byte excluded); stops
    /// counting once the sum reaches <paramref name="limit"/>, since the caller only needs to know it is not smaller.
    /// </summary>
    public static long Score(ReadOnlySpan<byte> filteredWithType, long limit = long.MaxValue)
    {
        long sum = 0;
        var bytes = filteredWithType[1..];
        for (var start = 0; start < bytes.Length && sum < limit; start += 256)
        {
            foreach (var value in bytes.Slice(start, Math.Min(256, bytes.Length - start)))
            {
                sum += value < 128 ? value : 256 - value;
            }
        }

        return sum;
    }

    /// <summary>The filter type written for a fixed <see cref="PngRowFilter"/>; null for <see cref="PngRowFilter.Adaptive"/>.</summary>
    public static PngFilterType? FixedType(PngRowFilter filter) => filter switch
    {
        PngRowFilter.None => PngFilterType.None,
        PngRowFilter.Sub => PngFilterType.Sub,
        PngRowFilter.Up => PngFilterType.Up,
        PngRowFilter.Average => PngFilterType.Average,
        PngRowFilter.Paeth => PngFilterType.Paeth,
        PngRowFilter.Adaptive => null,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Unknown PNG row filter."),
    };

    private static void Sub(ReadOnlySpan<byte> row, int bytesPerPixel, Span<byte> destination)
    {
        // The first pixel has nothing on its left (the left is 0); the rest subtract the pixel bytesPerPixel back.
        var first = Math.Min(bytesPerPixel, row.Length);
        row[..first].CopyTo(destination);
        Subtract(row[first..], row[..^first], destination[first..]);
    }

    /// <summary><c>destination[i] = left[i] - right[i]</c> modulo 256.</summary>
    private static void Subtract(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= left.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(left[i..]) - new Vector<byte>(right[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < left.Length; i++)
        {
            destination[i] = (byte)(left[i] - right[i]);
        }
    }

    private static void Average(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> destination)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            destination[i] = (byte)(row[i] - ((left + previous[i]) >> 1));
        }
    }

    private static void Paeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> destination)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = 0, upperLeft = 0;
            if (i >= bytesPerPixel)
            {
                left = row[i - bytesPerPixel];
                upperLeft = previous[i - bytesPerPixel];
            }

            destination[i] = (byte)(row[i] - PaethPredictor(left, previous[i], upperLeft));
        }
    }

    /// <summary>Of left, above and upper-left, the one closest to <c>left + above - upperLeft</c> (ties in that order).</summary>
    private static int PaethPredictor(int left, int above, int upperLeft)
    {
        var distanceLeft = Math.Abs(above - upperLeft);
        var distanceAbove = Math.Abs(left - upperLeft);
        var distanceUpperLeft = Math.Abs(left + above - (2 * upperLeft));
        if (distanceLeft <= distanceAbove && distanceLeft <= distanceUpperLeft)
        {
            return left;
        }

        return distanceAbove <= distanceUpperLeft ? above : upperLeft;
    }
}

/// <summary>The filter type byte that starts each row of PNG image data.</summary>
internal enum PngFilterType : byte
{
    None = 0,
    Sub = 1,
    Up = 2,
    Average = 3,
    Paeth = 4,
}
