using ImageFunctions.Imaging.Codecs;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>The vectorised row filters and score against a byte-at-a-time reference written from the PNG specification.</summary>
public sealed class PngRowFiltersTests
{
    public static TheoryData<int> BytesPerPixel() => [1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(BytesPerPixel))]
    public void Apply_MatchesTheSpecification_ForEveryTypeAndWidth(int bytesPerPixel)
    {
        var random = new Random(bytesPerPixel);
        foreach (var type in PngRowFilters.All.ToArray())
        {
            for (var width = 1; width <= 150; width++)
            {
                var length = width * bytesPerPixel;
                var row = RandomBytes(random, length);
                var previous = RandomBytes(random, length);
                var actual = new byte[length + 1];

                PngRowFilters.Apply(type, row, previous, bytesPerPixel, actual);

                Assert.Equal((byte)type, actual[0]);
                Assert.Equal(Reference(type, row, previous, bytesPerPixel), actual[1..]);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(257)]
    [InlineData(40_001)]
    public void Score_IsTheSumOfSignedMagnitudes(int length)
    {
        var filtered = RandomBytes(new Random(length), length + 1);
        filtered[^1] = 0x80;
        long expected = 0;
        foreach (var value in filtered[1..])
        {
            expected += Math.Abs((int)(sbyte)value);
        }

        Assert.Equal(expected, PngRowFilters.Score(filtered));
        Assert.True(PngRowFilters.Score(filtered, expected / 2) >= expected / 2);
    }

    [Fact]
    public void Score_DoesNotOverflow_OnALongRowOfLargestMagnitudes()
    {
        var filtered = new byte[100_001];
        filtered.AsSpan(1).Fill(0x80);

        Assert.Equal(100_000L * 128, PngRowFilters.Score(filtered));
    }

    /// <summary>PNG specification, section 9.2: x minus its predictor from a (left), b (above) and c (upper left).</summary>
    private static byte[] Reference(PngFilterType type, byte[] row, byte[] previous, int bytesPerPixel)
    {
        var result = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int a = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            int b = previous[i];
            int c = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            var predictor = type switch
            {
                PngFilterType.None => 0,
                PngFilterType.Sub => a,
                PngFilterType.Up => b,
                PngFilterType.Average => (a + b) / 2,
                _ => Paeth(a, b, c),
            };
            result[i] = unchecked((byte)(row[i] - predictor));
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);

        // Some runs of equal bytes, so Paeth's ties between its three candidates happen too.
        for (var i = 0; i < length; i += 7)
        {
            bytes[i] = bytes[i / 2];
        }

        return bytes;
    }
}
