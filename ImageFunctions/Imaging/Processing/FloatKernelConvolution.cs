using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Pillow's float32 convolution, reproduced operation for operation so results are bit-identical:
/// per output value <c>ss = offset + 0.5</c>, then for kernel rows 0..n-1 (image rows y+r .. y-r)
/// <c>ss += ((p0*w0 + p1*w1) + p2*w2 ...)</c> left to right, then clip8. Vector lanes do exactly the
/// same float operations as the scalar code (no fused multiply-add), so SIMD changes nothing but speed.
/// Source rows are converted to float once each and kept in a ring of <c>size</c> rows per band of work.
/// </summary>
internal static class FloatKernelConvolution
{
    public static void ConvolveRows(WorkingImage source, WorkingImage target, ConvolutionKernel kernel, int start, int end)
    {
        int size = kernel.Size, radius = kernel.Radius, channels = source.Channels, stride = source.Stride;
        int from = radius * channels, to = stride - from;
        var ringArray = ArrayPool<float>.Shared.Rent(size * stride);
        var accArray = ArrayPool<float>.Shared.Rent(stride);
        try
        {
            var ring = ringArray.AsSpan(0, size * stride);
            var acc = accArray.AsSpan(0, stride);
            var src = source.Bytes;
            var dst = target.Bytes;
            var weights = kernel.FloatWeights;

            for (var y = start - radius; y < start + radius; y++)
            {
                RowConversions.ToSingle(src.Slice(y * stride, stride), RingRow(ring, y, size, stride));
            }

            for (var y = start; y < end; y++)
            {
                RowConversions.ToSingle(src.Slice((y + radius) * stride, stride), RingRow(ring, y + radius, size, stride));
                acc[from..to].Fill(kernel.FloatStart);
                for (var kernelRow = 0; kernelRow < size; kernelRow++)
                {
                    var w = weights.AsSpan(kernelRow * size, size);
                    if (IsAllZero(w))
                    {
                        // Adding a row sum of +0 leaves every accumulator unchanged.
                        continue;
                    }

                    var row = RingRow(ring, y + radius - kernelRow, size, stride);
                    if (size == 3)
                    {
                        AddRow3(acc, row, w[0], w[1], w[2], channels, from, to);
                    }
                    else
                    {
                        AddRow5(acc, row, w, channels, from, to);
                    }
                }

                var srcRow = src.Slice(y * stride, stride);
                var dstRow = dst.Slice(y * stride, stride);
                KernelConvolution.CopyRowBorders(srcRow, dstRow, from);
                RowConversions.ClampTruncateToByte(acc[from..to], dstRow[from..to]);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(ringArray);
            ArrayPool<float>.Shared.Return(accArray);
        }
    }

    private static Span<float> RingRow(Span<float> ring, int y, int size, int stride) => ring.Slice(y % size * stride, stride);

    private static bool IsAllZero(ReadOnlySpan<float> weights)
    {
        foreach (var w in weights)
        {
            if (w != 0f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>acc[i] += (row[i-d]*w0 + row[i]*w1) + row[i+d]*w2 for i in [from, to).</summary>
    private static void AddRow3(Span<float> acc, ReadOnlySpan<float> row, float w0, float w1, float w2, int d, int from, int to)
    {
        ref var a = ref MemoryMarshal.GetReference(acc);
        ref var r = ref MemoryMarshal.GetReference(row);
        var v0 = new Vector<float>(w0);
        var v1 = new Vector<float>(w1);
        var v2 = new Vector<float>(w2);
        var i = from;
        for (; i <= to - Vector<float>.Count; i += Vector<float>.Count)
        {
            var sum = (Vector.LoadUnsafe(ref r, (nuint)(i - d)) * v0)
                + (Vector.LoadUnsafe(ref r, (nuint)i) * v1);
            sum += Vector.LoadUnsafe(ref r, (nuint)(i + d)) * v2;
            (Vector.LoadUnsafe(ref a, (nuint)i) + sum).StoreUnsafe(ref a, (nuint)i);
        }

        for (; i < to; i++)
        {
            var sum = (row[i - d] * w0) + (row[i] * w1);
            sum += row[i + d] * w2;
            acc[i] += sum;
        }
    }

    /// <summary>acc[i] += (((row[i-2d]*w0 + row[i-d]*w1) + row[i]*w2) + row[i+d]*w3) + row[i+2d]*w4.</summary>
    private static void AddRow5(Span<float> acc, ReadOnlySpan<float> row, ReadOnlySpan<float> w, int d, int from, int to)
    {
        ref var a = ref MemoryMarshal.GetReference(acc);
        ref var r = ref MemoryMarshal.GetReference(row);
        float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4];
        var v0 = new Vector<float>(w0);
        var v1 = new Vector<float>(w1);
        var v2 = new Vector<float>(w2);
        var v3 = new Vector<float>(w3);
        var v4 = new Vector<float>(w4);
        var d2 = 2 * d;
        var i = from;
        for (; i <= to - Vector<float>.Count; i += Vector<float>.Count)
        {
            var sum = (Vector.LoadUnsafe(ref r, (nuint)(i - d2)) * v0)
                + (Vector.LoadUnsafe(ref r, (nuint)(i - d)) * v1);
            sum += Vector.LoadUnsafe(ref r, (nuint)i) * v2;
            sum += Vector.LoadUnsafe(ref r, (nuint)(i + d)) * v3;
            sum += Vector.LoadUnsafe(ref r, (nuint)(i + d2)) * v4;
            (Vector.LoadUnsafe(ref a, (nuint)i) + sum).StoreUnsafe(ref a, (nuint)i);
        }

        for (; i < to; i++)
        {
            var sum = (row[i - d2] * w0) + (row[i - d] * w1);
            sum += row[i] * w2;
            sum += row[i + d] * w3;
            sum += row[i + d2] * w4;
            acc[i] += sum;
        }
    }
}
