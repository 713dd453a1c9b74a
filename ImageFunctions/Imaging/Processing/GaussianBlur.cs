using System.Buffers;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Gaussian blur approximated, like Pillow's <c>GaussianBlur</c>, by three passes of an "extended" box blur
/// (a box of fractional radius whose two outer pixels get the fractional weight) in each direction, with edge
/// pixels repeated and results rounded to 8 bits after each pass. Close to Pillow, not bit-identical.
/// Cost does not depend on the radius.
/// </summary>
internal static class GaussianBlur
{
    private const int Passes = 3;

    public static WorkingImage Apply(WorkingImage source, double radius)
    {
        if (radius <= 0)
        {
            return source;
        }

        var box = BoxRadius(radius, Passes);
        var target = source.CreateLike();
        try
        {
            int stride = source.Stride, height = source.Height, width = source.Width, channels = source.Channels;
            RowParallel.For(0, height, stride, (start, end) => HorizontalRows(source, box, start, end));
            var from = source;
            var to = target;
            for (var pass = 0; pass < Passes; pass++)
            {
                var (src, dst) = (from, to);
                RowParallel.For(0, stride, height, (start, end) => VerticalColumns(src, dst, box, start, end));
                (from, to) = (to, from);
            }

            // After an odd number of ping-pongs the result is in "from".
            if (ReferenceEquals(from, source))
            {
                target.Dispose();
                return source;
            }
        }
        catch
        {
            target.Dispose();
            throw;
        }

        source.Dispose();
        return target;
    }

    /// <summary>Box radius giving, over <paramref name="passes"/> passes, the variance of a Gaussian of sigma <paramref name="sigma"/> (Gwosdek et al. 2011).</summary>
    internal static double BoxRadius(double sigma, int passes)
    {
        var sigma2 = sigma * sigma / passes;
        var boxLength = Math.Sqrt((12.0 * sigma2) + 1.0);
        var whole = Math.Floor((boxLength - 1.0) / 2.0);
        var fraction = (2 * whole + 1) * ((whole * (whole + 1)) - (3 * sigma2));
        fraction /= 6 * (sigma2 - ((whole + 1) * (whole + 1)));
        return whole + fraction;
    }

    private static void HorizontalRows(WorkingImage image, double radius, int start, int end)
    {
        int width = image.Width, channels = image.Channels, stride = image.Stride;
        var lineArray = ArrayPool<byte>.Shared.Rent(width);
        var outArray = ArrayPool<byte>.Shared.Rent(width);
        try
        {
            var line = lineArray.AsSpan(0, width);
            var result = outArray.AsSpan(0, width);
            var bytes = image.Bytes;
            for (var y = start; y < end; y++)
            {
                var row = bytes.Slice(y * stride, stride);
                for (var c = 0; c < channels; c++)
                {
                    for (var pass = 0; pass < Passes; pass++)
                    {
                        for (var x = 0; x < width; x++)
                        {
                            line[x] = row[(x * channels) + c];
                        }

                        BlurLine(line, result, radius);
                        for (var x = 0; x < width; x++)
                        {
                            row[(x * channels) + c] = result[x];
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(lineArray);
            ArrayPool<byte>.Shared.Return(outArray);
        }
    }

    /// <summary>One extended-box pass over a line of samples, edges repeated.</summary>
    private static void BlurLine(ReadOnlySpan<byte> line, Span<byte> result, double radius)
    {
        var n = line.Length;
        var whole = (int)radius;
        var fraction = radius - whole;
        var scale = 1.0 / ((2 * radius) + 1);
        double sum = 0;
        for (var k = -whole; k <= whole; k++)
        {
            sum += line[Math.Clamp(k, 0, n - 1)];
        }

        for (var x = 0; x < n; x++)
        {
            var edges = line[Math.Clamp(x - whole - 1, 0, n - 1)] + line[Math.Clamp(x + whole + 1, 0, n - 1)];
            result[x] = (byte)Math.Min(255.0, ((sum + (fraction * edges)) * scale) + 0.5);
            sum += line[Math.Clamp(x + whole + 1, 0, n - 1)] - line[Math.Clamp(x - whole, 0, n - 1)];
        }
    }

    /// <summary>One vertical pass for byte columns [start, end) of every row, from <paramref name="source"/> into <paramref name="target"/>.</summary>
    private static void VerticalColumns(WorkingImage source, WorkingImage target, double radius, int start, int end)
    {
        int height = source.Height, stride = source.Stride, columns = end - start;
        var whole = (int)radius;
        var fraction = radius - whole;
        var scale = 1.0 / ((2 * radius) + 1);
        var sumArray = ArrayPool<double>.Shared.Rent(columns);
        try
        {
            var sums = sumArray.AsSpan(0, columns);
            sums.Clear();
            var src = source.Bytes;
            var dst = target.Bytes;
            for (var k = -whole; k <= whole; k++)
            {
                var row = src.Slice((Math.Clamp(k, 0, height - 1) * stride) + start, columns);
                for (var i = 0; i < columns; i++)
                {
                    sums[i] += row[i];
                }
            }

            for (var y = 0; y < height; y++)
            {
                var above = src.Slice((Math.Clamp(y - whole - 1, 0, height - 1) * stride) + start, columns);
                var below = src.Slice((Math.Clamp(y + whole + 1, 0, height - 1) * stride) + start, columns);
                var leaving = src.Slice((Math.Clamp(y - whole, 0, height - 1) * stride) + start, columns);
                var output = dst.Slice((y * stride) + start, columns);
                for (var i = 0; i < columns; i++)
                {
                    output[i] = (byte)Math.Min(255.0, ((sums[i] + (fraction * (above[i] + below[i]))) * scale) + 0.5);
                    sums[i] += below[i] - leaving[i];
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sumArray);
        }
    }
}
