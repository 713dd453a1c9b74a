using System.Numerics;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// A Pillow <c>ImageFilter.Kernel</c>: size x size integer weights, a scale and an offset. Pillow divides each
/// weight by the scale in float32 and computes, per band, <c>clamp(offset + 0.5 + sum)</c> truncated, with the
/// kernel applied vertically flipped (kernel row 0 multiplies image row y + radius).
/// </summary>
internal sealed class ConvolutionKernel
{
    /// <param name="size">3 or 5.</param>
    /// <param name="weights">size x size weights, row major, as written in Pillow's ImageFilter (before the vertical flip).</param>
    /// <param name="scale">The divisor of every weight (positive).</param>
    /// <param name="offset">Added to every sum.</param>
    public ConvolutionKernel(int size, int[] weights, int scale, int offset)
    {
        if (size is not (3 or 5) || weights.Length != size * size || scale <= 0)
        {
            throw new ArgumentException("A kernel is 3x3 or 5x5 with a positive scale.", nameof(weights));
        }

        Size = size;
        Radius = size / 2;
        Scale = scale;
        Offset = offset;

        // Pillow: kerneldata[i] /= divisor, both float32; then offset += 0.5 in float32.
        FloatWeights = weights.Select(w => (float)w / (float)scale).ToArray();
        FloatStart = (float)offset + 0.5f;

        // Integer arithmetic is provably identical to Pillow's float32 sums when the scale is a power of two:
        // every product w/scale * p is then a dyadic rational with few significant bits, every partial sum
        // (bounded by sum|w| * 255 / scale + |offset| + 1) fits the 24-bit float mantissa exactly, so
        // truncate(offset + 0.5 + X / scale) == floor((X + scale/2) / scale) + offset for positive results and
        // both clamp to 0 otherwise. The short-lane path also needs sum|w| * 255 + scale to fit in a short.
        var absoluteSum = weights.Sum(Math.Abs);
        UsesIntegers = BitOperations.IsPow2(scale)
            && absoluteSum * 255L + scale + Math.Abs(offset) < short.MaxValue
            && (absoluteSum * 255L / scale) + Math.Abs(offset) + 1 < (1 << 20);
        Shift = BitOperations.Log2((uint)scale);

        var taps = new List<KernelTap>();
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                var weight = weights[(row * size) + column];
                if (weight != 0)
                {
                    // Kernel row 0 multiplies image row y + radius (Pillow's vertical flip).
                    taps.Add(new KernelTap(Radius - row, column - Radius, (short)weight));
                }
            }
        }

        Taps = taps.ToArray();
    }

    public int Size { get; }

    public int Radius { get; }

    public int Scale { get; }

    public int Offset { get; }

    /// <summary>Weights divided by the scale in float32, exactly as Pillow computes them.</summary>
    public float[] FloatWeights { get; }

    /// <summary>Start value of Pillow's accumulator: offset + 0.5 in float32.</summary>
    public float FloatStart { get; }

    /// <summary>True when <see cref="IntegerKernelConvolution"/> gives the same result as Pillow's float32 sums.</summary>
    public bool UsesIntegers { get; }

    /// <summary>The non-zero weights with their image row and column offsets (flip applied).</summary>
    public KernelTap[] Taps { get; }

    /// <summary>log2(scale) when <see cref="UsesIntegers"/>.</summary>
    public int Shift { get; }
}

/// <summary>One non-zero kernel weight: it multiplies the pixel at (x + ColumnOffset, y + RowOffset).</summary>
internal readonly record struct KernelTap(int RowOffset, int ColumnOffset, short Weight);
