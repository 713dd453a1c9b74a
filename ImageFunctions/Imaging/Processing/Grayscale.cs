using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Pillow's <c>convert("L")</c>: L = (R*19595 + G*38470 + B*7471 + 0x8000) &gt;&gt; 16 (ITU-R 601-2 luma), in integers.
/// Unlike Pillow the alpha band is kept (RGBA gives gray + alpha) so transparent images stay transparent.
/// </summary>
/// <remarks>
/// The SIMD rows compute the same integer sum: bytes are shuffled into 16-bit pairs (R,G) and (G,B), and
/// <c>pmaddwd</c> multiplies them by (19595, 19235) and (19235, 7471) into 32-bit lanes (G's weight 38470 does
/// not fit a signed 16-bit lane, so it is split in two halves of 19235). Adding 0x8000 and shifting right by 16
/// gives exactly <see cref="Luma"/>. AVX2 does 32 RGB (16 RGBA) pixels per step, SSSE3/SSE4.1 16 (8); the rest
/// of the row, and machines without them, use the scalar loop. The row methods are jitted fully optimised on
/// first use (AggressiveOptimization): tier-0 code of the intrinsics is about 25x slower for the first 30 calls.
/// </remarks>
internal static class Grayscale
{
    private const short WeightR = 19595;
    private const short HalfWeightG = 19235;
    private const short WeightB = 7471;
    private const int Rounding = 0x8000;

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

    /// <summary>
    /// Luma of <paramref name="width"/> RGB pixels. <paramref name="maxVectorBits"/> caps the SIMD width
    /// (256, 128 or 0 for scalar only) so the tests can check every path on one machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RgbRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int maxVectorBits = 256)
    {
        // Bounds are checked once per row (the slices); the loops use refs so the JIT emits no per-byte checks.
        src = src[..(width * 3)];
        dst = dst[..width];
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        nint x = 0;
        if (maxVectorBits >= 256 && Avx2.IsSupported)
        {
            x = RgbAvx2(ref s, ref d, width);
        }

        if (maxVectorBits >= 128 && Ssse3.IsSupported)
        {
            x = RgbSsse3(ref s, ref d, x, width);
        }

        for (var i = x * 3; x < width; x++, i += 3)
        {
            Unsafe.Add(ref d, x) = Luma(Unsafe.Add(ref s, i), Unsafe.Add(ref s, i + 1), Unsafe.Add(ref s, i + 2));
        }
    }

    /// <summary>Luma and alpha of <paramref name="width"/> RGBA pixels into gray+alpha pairs; see <see cref="RgbRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RgbaRow(ReadOnlySpan<byte> src, Span<byte> dst, int width, int maxVectorBits = 256)
    {
        src = src[..(width * 4)];
        dst = dst[..(width * 2)];
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        nint x = 0;
        if (maxVectorBits >= 256 && Avx2.IsSupported)
        {
            x = RgbaAvx2(ref s, ref d, width);
        }

        if (maxVectorBits >= 128 && Sse41.IsSupported)
        {
            x = RgbaSse41(ref s, ref d, x, width);
        }

        for (nint o = x * 2, i = x * 4; x < width; x++, o += 2, i += 4)
        {
            Unsafe.Add(ref d, o) = Luma(Unsafe.Add(ref s, i), Unsafe.Add(ref s, i + 1), Unsafe.Add(ref s, i + 2));
            Unsafe.Add(ref d, o + 1) = Unsafe.Add(ref s, i + 3);
        }
    }

    // Shuffle masks for four RGB pixels (12 bytes) into 16-bit pairs; 0x80 gives a zero byte. The "Late" masks read
    // the same four pixels from a load that starts 4 bytes earlier, so the last load of a step ends at its last byte.
    private static Vector128<byte> RgbToRg => Vector128.Create(0, 0x80, 1, 0x80, 3, 0x80, 4, 0x80, 6, 0x80, 7, 0x80, 9, 0x80, 10, 0x80);

    private static Vector128<byte> RgbToGb => Vector128.Create(1, 0x80, 2, 0x80, 4, 0x80, 5, 0x80, 7, 0x80, 8, 0x80, 10, 0x80, 11, 0x80);

    private static Vector128<byte> LateRgbToRg => Vector128.Create(4, 0x80, 5, 0x80, 7, 0x80, 8, 0x80, 10, 0x80, 11, 0x80, 13, 0x80, 14, 0x80);

    private static Vector128<byte> LateRgbToGb => Vector128.Create(5, 0x80, 6, 0x80, 8, 0x80, 9, 0x80, 11, 0x80, 12, 0x80, 14, 0x80, 15, 0x80);

    private static Vector128<byte> RgbaToRg => Vector128.Create(0, 0x80, 1, 0x80, 4, 0x80, 5, 0x80, 8, 0x80, 9, 0x80, 12, 0x80, 13, 0x80);

    private static Vector128<byte> RgbaToGb => Vector128.Create(1, 0x80, 2, 0x80, 5, 0x80, 6, 0x80, 9, 0x80, 10, 0x80, 13, 0x80, 14, 0x80);

    private static Vector128<short> WeightsRg => Vector128.Create(WeightR, HalfWeightG, WeightR, HalfWeightG, WeightR, HalfWeightG, WeightR, HalfWeightG);

    private static Vector128<short> WeightsGb => Vector128.Create(HalfWeightG, WeightB, HalfWeightG, WeightB, HalfWeightG, WeightB, HalfWeightG, WeightB);

    /// <summary>R*19595 + G*38470 + B*7471 + 0x8000 for four pixels, given their bytes and the two shuffle masks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Sums128(Vector128<byte> pixels, Vector128<byte> toRg, Vector128<byte> toGb, Vector128<short> weightsRg, Vector128<short> weightsGb, Vector128<int> rounding) =>
        Sse2.Add(
            Sse2.Add(
                Sse2.MultiplyAddAdjacent(Ssse3.Shuffle(pixels, toRg).AsInt16(), weightsRg),
                Sse2.MultiplyAddAdjacent(Ssse3.Shuffle(pixels, toGb).AsInt16(), weightsGb)),
            rounding);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Sums256(Vector256<byte> pixels, Vector256<byte> toRg, Vector256<byte> toGb, Vector256<short> weightsRg, Vector256<short> weightsGb, Vector256<int> rounding) =>
        Avx2.Add(
            Avx2.Add(
                Avx2.MultiplyAddAdjacent(Avx2.Shuffle(pixels, toRg).AsInt16(), weightsRg),
                Avx2.MultiplyAddAdjacent(Avx2.Shuffle(pixels, toGb).AsInt16(), weightsGb)),
            rounding);

    /// <summary>32 pixels per step; returns the number of pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nint RgbAvx2(ref byte s, ref byte d, int width)
    {
        var toRg = Vector256.Create(RgbToRg, RgbToRg);
        var toGb = Vector256.Create(RgbToGb, RgbToGb);
        var lateToRg = Vector256.Create(LateRgbToRg, LateRgbToRg);
        var lateToGb = Vector256.Create(LateRgbToGb, LateRgbToGb);
        var weightsRg = Vector256.Create(WeightsRg, WeightsRg);
        var weightsGb = Vector256.Create(WeightsGb, WeightsGb);
        var rounding = Vector256.Create(Rounding);
        nint x = 0;
        for (; x <= width - 32; x += 32)
        {
            ref var p = ref Unsafe.Add(ref s, x * 3);

            // Lane 0 holds pixels 4k..4k+3 and lane 1 pixels 16+4k..16+4k+3, so the in-lane packs below come out in order.
            var sums0 = Sums256(Load2(ref p, 0, 48), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums1 = Sums256(Load2(ref p, 12, 60), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums2 = Sums256(Load2(ref p, 24, 72), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums3 = Sums256(Load2(ref p, 32, 80), lateToRg, lateToGb, weightsRg, weightsGb, rounding);
            var low = Avx2.PackSignedSaturate(Avx2.ShiftRightLogical(sums0, 16), Avx2.ShiftRightLogical(sums1, 16));
            var high = Avx2.PackSignedSaturate(Avx2.ShiftRightLogical(sums2, 16), Avx2.ShiftRightLogical(sums3, 16));
            Avx2.PackUnsignedSaturate(low, high).StoreUnsafe(ref d, (nuint)x);
        }

        return x;
    }

    /// <summary>16 pixels per step from pixel <paramref name="x"/>; returns the number of pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nint RgbSsse3(ref byte s, ref byte d, nint x, int width)
    {
        var toRg = RgbToRg;
        var toGb = RgbToGb;
        var lateToRg = LateRgbToRg;
        var lateToGb = LateRgbToGb;
        var weightsRg = WeightsRg;
        var weightsGb = WeightsGb;
        var rounding = Vector128.Create(Rounding);
        for (; x <= width - 16; x += 16)
        {
            ref var p = ref Unsafe.Add(ref s, x * 3);
            var sums0 = Sums128(Vector128.LoadUnsafe(ref p), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums1 = Sums128(Vector128.LoadUnsafe(ref p, 12), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums2 = Sums128(Vector128.LoadUnsafe(ref p, 24), toRg, toGb, weightsRg, weightsGb, rounding);
            var sums3 = Sums128(Vector128.LoadUnsafe(ref p, 32), lateToRg, lateToGb, weightsRg, weightsGb, rounding);
            var low = Sse2.PackSignedSaturate(Sse2.ShiftRightLogical(sums0, 16), Sse2.ShiftRightLogical(sums1, 16));
            var high = Sse2.PackSignedSaturate(Sse2.ShiftRightLogical(sums2, 16), Sse2.ShiftRightLogical(sums3, 16));
            Sse2.PackUnsignedSaturate(low, high).StoreUnsafe(ref d, (nuint)x);
        }

        return x;
    }

    /// <summary>16 pixels per step; returns the number of pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nint RgbaAvx2(ref byte s, ref byte d, int width)
    {
        var toRg = Vector256.Create(RgbaToRg, RgbaToRg);
        var toGb = Vector256.Create(RgbaToGb, RgbaToGb);
        var weightsRg = Vector256.Create(WeightsRg, WeightsRg);
        var weightsGb = Vector256.Create(WeightsGb, WeightsGb);
        var rounding = Vector256.Create(Rounding);
        var alphaMask = Vector256.Create(unchecked((int)0xFF000000));
        nint x = 0;
        for (; x <= width - 16; x += 16)
        {
            ref var p = ref Unsafe.Add(ref s, x * 4);

            // Pixels 0-3 | 8-11 and 4-7 | 12-15, so the in-lane pack gives 0-7 | 8-15.
            var pixels0 = Load2(ref p, 0, 32);
            var pixels1 = Load2(ref p, 16, 48);
            var sums0 = Sums256(pixels0, toRg, toGb, weightsRg, weightsGb, rounding);
            var sums1 = Sums256(pixels1, toRg, toGb, weightsRg, weightsGb, rounding);

            // The sums are below 2^24, so OR-ing in the alpha byte and shifting by 16 gives L | A << 8 per pixel.
            var pairs0 = Avx2.ShiftRightLogical(Avx2.Or(sums0, Avx2.And(pixels0.AsInt32(), alphaMask)), 16);
            var pairs1 = Avx2.ShiftRightLogical(Avx2.Or(sums1, Avx2.And(pixels1.AsInt32(), alphaMask)), 16);
            Avx2.PackUnsignedSaturate(pairs0, pairs1).AsByte().StoreUnsafe(ref d, (nuint)(x * 2));
        }

        return x;
    }

    /// <summary>8 pixels per step from pixel <paramref name="x"/>; returns the number of pixels done.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static nint RgbaSse41(ref byte s, ref byte d, nint x, int width)
    {
        var toRg = RgbaToRg;
        var toGb = RgbaToGb;
        var weightsRg = WeightsRg;
        var weightsGb = WeightsGb;
        var rounding = Vector128.Create(Rounding);
        var alphaMask = Vector128.Create(unchecked((int)0xFF000000));
        for (; x <= width - 8; x += 8)
        {
            ref var p = ref Unsafe.Add(ref s, x * 4);
            var pixels0 = Vector128.LoadUnsafe(ref p);
            var pixels1 = Vector128.LoadUnsafe(ref p, 16);
            var sums0 = Sums128(pixels0, toRg, toGb, weightsRg, weightsGb, rounding);
            var sums1 = Sums128(pixels1, toRg, toGb, weightsRg, weightsGb, rounding);
            var pairs0 = Sse2.ShiftRightLogical(Sse2.Or(sums0, Sse2.And(pixels0.AsInt32(), alphaMask)), 16);
            var pairs1 = Sse2.ShiftRightLogical(Sse2.Or(sums1, Sse2.And(pixels1.AsInt32(), alphaMask)), 16);
            Sse41.PackUnsignedSaturate(pairs0, pairs1).AsByte().StoreUnsafe(ref d, (nuint)(x * 2));
        }

        return x;
    }

    /// <summary>16 bytes at <paramref name="low"/> in lane 0 and 16 bytes at <paramref name="high"/> in lane 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Load2(ref byte p, nuint low, nuint high) =>
        Vector256.Create(Vector128.LoadUnsafe(ref p, low), Vector128.LoadUnsafe(ref p, high));
}
