using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Exact integer form of Pillow's convolution for kernels whose scale is a power of two
/// (see <see cref="ConvolutionKernel.UsesIntegers"/>): X = sum(w * p) in 16-bit lanes, then
/// <c>clamp(((X + scale/2) &gt;&gt; log2(scale)) + offset, 0, 255)</c>. Zero weights are skipped and
/// weights of +1/-1 become plain adds/subtracts, so BLUR costs 16 adds per value.
/// </summary>
internal static class IntegerKernelConvolution
{
    public static void ConvolveRows(WorkingImage source, WorkingImage target, ConvolutionKernel kernel, int start, int end)
    {
        int size = kernel.Size, radius = kernel.Radius, channels = source.Channels, stride = source.Stride;
        int from = radius * channels, to = stride - from;
        var ringArray = ArrayPool<short>.Shared.Rent(size * stride);
        var accArray = ArrayPool<short>.Shared.Rent(stride);
        try
        {
            var ring = ringArray.AsSpan(0, size * stride);
            var acc = accArray.AsSpan(0, stride);
            var src = source.Bytes;
            var dst = target.Bytes;

            for (var y = start - radius; y < start + radius; y++)
            {
                RowConversions.ToInt16(src.Slice(y * stride, stride), RingRow(ring, y, size, stride));
            }

            for (var y = start; y < end; y++)
            {
                RowConversions.ToInt16(src.Slice((y + radius) * stride, stride), RingRow(ring, y + radius, size, stride));
                acc[from..to].Clear();
                foreach (var tap in kernel.Taps)
                {
                    var row = RingRow(ring, y + tap.RowOffset, size, stride);
                    AddTap(acc, row, tap.ColumnOffset * channels, tap.Weight, from, to);
                }

                var srcRow = src.Slice(y * stride, stride);
                var dstRow = dst.Slice(y * stride, stride);
                KernelConvolution.CopyRowBorders(srcRow, dstRow, from);
                Finish(acc[from..to], dstRow[from..to], kernel.Scale / 2, kernel.Shift, kernel.Offset);
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(ringArray);
            ArrayPool<short>.Shared.Return(accArray);
        }
    }

    private static Span<short> RingRow(Span<short> ring, int y, int size, int stride) => ring.Slice(y % size * stride, stride);

    /// <summary>acc[i] += weight * row[i + dx] for i in [from, to).</summary>
    private static void AddTap(Span<short> acc, ReadOnlySpan<short> row, int dx, short weight, int from, int to)
    {
        ref var a = ref MemoryMarshal.GetReference(acc);
        ref var r = ref MemoryMarshal.GetReference(row);
        var count = Vector<short>.Count;
        var i = from;
        if (weight == 1)
        {
            for (; i <= to - count; i += count)
            {
                (Vector.LoadUnsafe(ref a, (nuint)i) + Vector.LoadUnsafe(ref r, (nuint)(i + dx))).StoreUnsafe(ref a, (nuint)i);
            }
        }
        else if (weight == -1)
        {
            for (; i <= to - count; i += count)
            {
                (Vector.LoadUnsafe(ref a, (nuint)i) - Vector.LoadUnsafe(ref r, (nuint)(i + dx))).StoreUnsafe(ref a, (nuint)i);
            }
        }
        else
        {
            var w = new Vector<short>(weight);
            for (; i <= to - count; i += count)
            {
                (Vector.LoadUnsafe(ref a, (nuint)i) + (Vector.LoadUnsafe(ref r, (nuint)(i + dx)) * w)).StoreUnsafe(ref a, (nuint)i);
            }
        }

        for (; i < to; i++)
        {
            acc[i] = (short)(acc[i] + (weight * row[i + dx]));
        }
    }

    /// <summary>dst[i] = clamp(((acc[i] + half) &gt;&gt; shift) + offset, 0, 255).</summary>
    private static void Finish(ReadOnlySpan<short> acc, Span<byte> dst, int half, int shift, int offset)
    {
        ref var a = ref MemoryMarshal.GetReference(acc);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var count = Vector<short>.Count;
        var halfVector = new Vector<short>((short)half);
        var offsetVector = new Vector<short>((short)offset);
        var zero = Vector<short>.Zero;
        var max = new Vector<short>(255);
        var length = acc.Length;
        var i = 0;
        for (; i <= length - (2 * count); i += 2 * count)
        {
            var low = Vector.ShiftRightArithmetic(Vector.LoadUnsafe(ref a, (nuint)i) + halfVector, shift) + offsetVector;
            var high = Vector.ShiftRightArithmetic(Vector.LoadUnsafe(ref a, (nuint)(i + count)) + halfVector, shift) + offsetVector;
            low = Vector.Min(Vector.Max(low, zero), max);
            high = Vector.Min(Vector.Max(high, zero), max);
            Vector.Narrow(Vector.AsVectorUInt16(low), Vector.AsVectorUInt16(high)).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < length; i++)
        {
            dst[i] = (byte)Math.Clamp(((acc[i] + half) >> shift) + offset, 0, 255);
        }
    }
}
