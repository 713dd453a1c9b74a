using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Pillow's <c>convert("L")</c>: L = (R*19595 + G*38470 + B*7471 + 0x8000) &gt;&gt; 16 (ITU-R 601-2 luma), in integers.
/// Unlike Pillow the alpha band is kept (RGBA gives gray + alpha) so transparent images stay transparent.
/// </summary>
internal static class Grayscale
{
    public static WorkingImage Apply(WorkingImage source)
    {
        if (source.Layout.IsGray())
        {
            return source;
        }

        var hasAlpha = source.Layout.HasAlpha();
        var target = source.CreateLike(hasAlpha ? PixelLayout.GrayAlpha : PixelLayout.Gray);
        try
        {
            Convert(source, target);
        }
        catch
        {
            target.Dispose();
            throw;
        }

        source.Dispose();
        return target;
    }

    /// <summary>Writes the luma of colour <paramref name="source"/> into gray <paramref name="target"/> (alpha copied when both have it).</summary>
    public static void Convert(WorkingImage source, WorkingImage target)
    {
        var hasAlpha = source.Layout.HasAlpha();
        int srcStride = source.Stride, dstStride = target.Stride, width = source.Width;
        RowParallel.For(0, source.Height, srcStride, (start, end) =>
        {
            var src = source.Bytes;
            var dst = target.Bytes;
            for (var y = start; y < end; y++)
            {
                var srcRow = src.Slice(y * srcStride, srcStride);
                var dstRow = dst.Slice(y * dstStride, dstStride);
                if (hasAlpha)
                {
                    RgbaRow(srcRow, dstRow, width);
                }
                else
                {
                    RgbRow(srcRow, dstRow, width);
                }
            }
        });
    }

    /// <summary>The luma of one pixel, exactly as Pillow's L24 macro.</summary>
    public static byte Luma(int r, int g, int b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);

    // Bounds are checked once per row (the slices); the loops use refs so the JIT emits no per-byte checks.
    private static void RgbRow(ReadOnlySpan<byte> src, Span<byte> dst, int width)
    {
        src = src[..(width * 3)];
        dst = dst[..width];
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        for (nint x = 0, i = 0; x < width; x++, i += 3)
        {
            Unsafe.Add(ref d, x) = Luma(Unsafe.Add(ref s, i), Unsafe.Add(ref s, i + 1), Unsafe.Add(ref s, i + 2));
        }
    }

    private static void RgbaRow(ReadOnlySpan<byte> src, Span<byte> dst, int width)
    {
        src = src[..(width * 4)];
        dst = dst[..(width * 2)];
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        for (nint o = 0, i = 0; o < width * 2; o += 2, i += 4)
        {
            Unsafe.Add(ref d, o) = Luma(Unsafe.Add(ref s, i), Unsafe.Add(ref s, i + 1), Unsafe.Add(ref s, i + 2));
            Unsafe.Add(ref d, o + 1) = Unsafe.Add(ref s, i + 3);
        }
    }
}
