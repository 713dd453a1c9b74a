using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>The SIMD grayscale rows (AVX2, SSSE3/SSE4.1) must equal the scalar Pillow <see cref="Grayscale.Luma"/> bit for bit.</summary>
public sealed class GrayscaleSimdTests
{
    /// <summary>256 (AVX2 if present), 128 (SSSE3/SSE4.1 if present), 0 (scalar only).</summary>
    public static TheoryData<int> VectorWidths() => new() { 256, 128, 0 };

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void RgbRow_AllColours_EqualsLuma(int maxVectorBits)
    {
        // Every one of the 2^24 colours once, as 4096 rows of 4096 pixels (4096 is a multiple of every step).
        const int width = 4096;
        var src = new byte[width * 3];
        var dst = new byte[width];
        for (var row = 0; row < 4096; row++)
        {
            for (var x = 0; x < width; x++)
            {
                var colour = (row * width) + x;
                src[x * 3] = (byte)(colour >> 16);
                src[(x * 3) + 1] = (byte)(colour >> 8);
                src[(x * 3) + 2] = (byte)colour;
            }

            Grayscale.RgbRow(src, dst, width, maxVectorBits);
            for (var x = 0; x < width; x++)
            {
                var expected = Grayscale.Luma(src[x * 3], src[(x * 3) + 1], src[(x * 3) + 2]);
                if (dst[x] != expected)
                {
                    Assert.Fail($"RGB ({src[x * 3]}, {src[(x * 3) + 1]}, {src[(x * 3) + 2]}): got {dst[x]}, expected {expected} (vector bits {maxVectorBits}).");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void RgbRow_EveryWidthUpTo67_EqualsLumaAndLeavesTheRestAlone(int maxVectorBits)
    {
        var random = new Random(1234);
        for (var width = 1; width <= 67; width++)
        {
            for (var repeat = 0; repeat < 20; repeat++)
            {
                // The row sits inside a larger buffer with guard bytes after it, as rows of an image do.
                var src = new byte[(width * 3) + 7];
                random.NextBytes(src);
                var dst = new byte[width + 9];
                Array.Fill(dst, (byte)0xA5);
                Grayscale.RgbRow(src.AsSpan(0, width * 3), dst.AsSpan(0, width), width, maxVectorBits);
                for (var x = 0; x < width; x++)
                {
                    Assert.Equal(Grayscale.Luma(src[x * 3], src[(x * 3) + 1], src[(x * 3) + 2]), dst[x]);
                }

                Assert.All(dst[width..], b => Assert.Equal(0xA5, b));
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void RgbaRow_EveryWidthUpTo67_EqualsLumaAndCopiesAlpha(int maxVectorBits)
    {
        var random = new Random(5678);
        for (var width = 1; width <= 67; width++)
        {
            for (var repeat = 0; repeat < 20; repeat++)
            {
                var src = new byte[(width * 4) + 5];
                random.NextBytes(src);
                var dst = new byte[(width * 2) + 9];
                Array.Fill(dst, (byte)0xA5);
                Grayscale.RgbaRow(src.AsSpan(0, width * 4), dst.AsSpan(0, width * 2), width, maxVectorBits);
                for (var x = 0; x < width; x++)
                {
                    Assert.Equal(Grayscale.Luma(src[x * 4], src[(x * 4) + 1], src[(x * 4) + 2]), dst[x * 2]);
                    Assert.Equal(src[(x * 4) + 3], dst[(x * 2) + 1]);
                }

                Assert.All(dst[(width * 2)..], b => Assert.Equal(0xA5, b));
            }
        }
    }

    [Theory]
    [MemberData(nameof(VectorWidths))]
    public void RgbaRow_LargeRandomSample_EqualsLuma(int maxVectorBits)
    {
        // 2^22 random RGBA pixels (extremes included) in rows of 1021 pixels, a prime so every tail length shows up.
        const int width = 1021;
        var random = new Random(42);
        var src = new byte[width * 4];
        var dst = new byte[width * 2];
        for (var row = 0; row < (1 << 22) / width; row++)
        {
            random.NextBytes(src);
            if (row == 0)
            {
                Array.Fill(src, (byte)255, 0, 64);
                Array.Fill(src, (byte)0, 64, 64);
            }

            Grayscale.RgbaRow(src, dst, width, maxVectorBits);
            for (var x = 0; x < width; x++)
            {
                var luma = Grayscale.Luma(src[x * 4], src[(x * 4) + 1], src[(x * 4) + 2]);
                if (dst[x * 2] != luma || dst[(x * 2) + 1] != src[(x * 4) + 3])
                {
                    Assert.Fail($"RGBA pixel {x} of row {row}: got ({dst[x * 2]}, {dst[(x * 2) + 1]}), expected ({luma}, {src[(x * 4) + 3]}).");
                }
            }
        }
    }

    [Fact]
    public void Luma_KnownValues_MatchPillow()
    {
        Assert.Equal(0, Grayscale.Luma(0, 0, 0));
        Assert.Equal(255, Grayscale.Luma(255, 255, 255));
        Assert.Equal(76, Grayscale.Luma(255, 0, 0));
        Assert.Equal(150, Grayscale.Luma(0, 255, 0));
        Assert.Equal(29, Grayscale.Luma(0, 0, 255));
    }
}
