using System.Numerics;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// The five PNG filter types (PNG specification, section 9) applied to one row of 8-bit samples, and the
/// "minimum sum of absolute differences" score the specification suggests for choosing a filter per row.
/// Filtering reads only unfiltered bytes (the row and the row above), so no byte depends on another's result and
/// every filter runs on <see cref="Vector{T}"/> lanes (Up and Sub are plain wrap-around byte subtractions; Average
/// and Paeth compute their predictor per lane), with a scalar loop for the first pixel and the tail.
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
        var bytes = filteredWithType[1..];
        long sum = 0;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // |b| of each signed byte (-128 gives 0x80 = 128), widened and added up in 16-bit lanes; each block of
            // at most 255 vectors adds at most 255 * 2 * 128 to a lane, so no lane overflows before it is summed.
            while (i <= bytes.Length - Vector<byte>.Count && sum < limit)
            {
                var lanes = Vector<ushort>.Zero;
                var blockEnd = Math.Min(bytes.Length - Vector<byte>.Count, i + (254 * Vector<byte>.Count));
                for (; i <= blockEnd; i += Vector<byte>.Count)
                {
                    var magnitude = Vector.AsVectorByte(Vector.Abs(new Vector<sbyte>(bytes[i..])));
                    Vector.Widen(magnitude, out var low, out var high);
                    lanes += low + high;
                }

                Vector.Widen(lanes, out var low32, out var high32);
                sum += Vector.Sum(low32 + high32);
            }
        }

        for (; i < bytes.Length; i++)
        {
            sum += bytes[i] < 128 ? bytes[i] : 256 - bytes[i];
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
        // The first pixel has no left neighbour (0): its prediction is half the byte above.
        var i = 0;
        for (; i < bytesPerPixel && i < row.Length; i++)
        {
            destination[i] = (byte)(row[i] - (previous[i] >> 1));
        }

        if (Vector.IsHardwareAccelerated)
        {
            // floor((left + above) / 2) without overflow: (left & above) + ((left ^ above) >> 1).
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var left = new Vector<byte>(row[(i - bytesPerPixel)..]);
                var above = new Vector<byte>(previous[i..]);
                var mean = (left & above) + Vector.ShiftRightLogical(left ^ above, 1);
                (new Vector<byte>(row[i..]) - mean).CopyTo(destination[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            destination[i] = (byte)(row[i] - ((row[i - bytesPerPixel] + previous[i]) >> 1));
        }
    }

    private static void Paeth(ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bytesPerPixel, Span<byte> destination)
    {
        // The first pixel has no left or upper-left neighbour (both 0), so the predictor is the byte above.
        var i = 0;
        for (; i < bytesPerPixel && i < row.Length; i++)
        {
            destination[i] = (byte)(row[i] - previous[i]);
        }

        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= row.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(row[(i - bytesPerPixel)..]), out var leftLow, out var leftHigh);
                Vector.Widen(new Vector<byte>(previous[i..]), out var aboveLow, out var aboveHigh);
                Vector.Widen(new Vector<byte>(previous[(i - bytesPerPixel)..]), out var upperLeftLow, out var upperLeftHigh);
                var predictor = Vector.Narrow(
                    PaethPredictor(leftLow, aboveLow, upperLeftLow),
                    PaethPredictor(leftHigh, aboveHigh, upperLeftHigh));
                (new Vector<byte>(row[i..]) - predictor).CopyTo(destination[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            destination[i] = (byte)(row[i] - PaethPredictor(row[i - bytesPerPixel], previous[i], previous[i - bytesPerPixel]));
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

    /// <summary><see cref="PaethPredictor(int, int, int)"/> on 16-bit lanes holding bytes.</summary>
    private static Vector<ushort> PaethPredictor(Vector<ushort> left, Vector<ushort> above, Vector<ushort> upperLeft)
    {
        var a = Vector.AsVectorInt16(left);
        var b = Vector.AsVectorInt16(above);
        var c = Vector.AsVectorInt16(upperLeft);
        var distanceLeft = Vector.Abs(b - c);
        var distanceAbove = Vector.Abs(a - c);
        var distanceUpperLeft = Vector.Abs(a + b - c - c);
        var useLeft = Vector.LessThanOrEqual(distanceLeft, distanceAbove) & Vector.LessThanOrEqual(distanceLeft, distanceUpperLeft);
        var useAbove = Vector.LessThanOrEqual(distanceAbove, distanceUpperLeft);
        return Vector.AsVectorUInt16(Vector.ConditionalSelect(useLeft, a, Vector.ConditionalSelect(useAbove, b, c)));
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
