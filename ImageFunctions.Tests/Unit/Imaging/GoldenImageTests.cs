using ImageFunctions.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// Every filter of the <see cref="FilterCatalog"/> (with its default arguments) and a few chains, on every source,
/// against the golden images: Pillow's own output (scripts/make-golden.py), or the engine's recorded output for a
/// filter Pillow does not have. Pixel for pixel, except for a filter that is not <see cref="ImageFilter.IsPixelExact"/>.
/// </summary>
public sealed class GoldenImageTests
{
    /// <summary>Chains run besides the single filters, to check that steps apply left to right.</summary>
    private static readonly string[] ChainSpecs = ["grayscale,edges"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in GoldenFiles.SourceNames())
        {
            foreach (var chain in Chains())
            {
                data.Add(source, chain);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Process_Filter_MatchesItsGoldenImage(string source, string chain)
    {
        var parsed = FilterChain.Parse(chain);
        var output = Run(source, parsed);
        var actual = GoldenFiles.ReadPng(output);
        var expected = GoldenFiles.ReadPng(File.ReadAllBytes(ExpectedFile(source, parsed, output)));

        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        if (parsed.Steps.All(s => s.Filter.IsPixelExact))
        {
            Assert.Equal(expected.ColorType, actual.ColorType);
            AssertSamePixels(expected.Pixels, actual.Pixels);
        }
        else
        {
            AssertClose(expected.Pixels, actual.Pixels);
        }
    }

    [Fact]
    public void Golden_EveryExpectedImage_BelongsToASourceAndAFilterOrChain()
    {
        var known = GoldenFiles.SourceNames()
            .SelectMany(source => Chains().Select(chain => GoldenFiles.Expected(source, GoldenFiles.FileName(FilterChain.Parse(chain)))))
            .ToHashSet(StringComparer.Ordinal);
        var stale = Directory.EnumerateFiles(Path.Combine(GoldenFiles.Root, "expected")).Where(f => !known.Contains(f));

        Assert.Empty(stale.Select(GoldenFiles.FromRepositoryRoot));
    }

    /// <summary>Every filter as written with its defaults (<c>gaussian_blur:2</c>), then the chains.</summary>
    private static IEnumerable<string> Chains() =>
        FilterCatalog.Names.Select(name => FilterChain.Parse(name).Canonical).Concat(ChainSpecs);

    /// <summary>
    /// The golden image of <paramref name="chain"/> on <paramref name="source"/>; fails naming the file when it is missing,
    /// after writing <paramref name="output"/> there when IMAGEFUNCTIONS_RECORD_GOLDEN=1.
    /// </summary>
    private static string ExpectedFile(string source, FilterChain chain, byte[] output)
    {
        var path = GoldenFiles.Expected(source, GoldenFiles.FileName(chain));
        if (File.Exists(path))
        {
            return path;
        }

        var relative = GoldenFiles.FromRepositoryRoot(path);
        if (GoldenFiles.Recording)
        {
            File.WriteAllBytes(path, output);
            Assert.Fail($"Recorded the engine's output as {relative}: look at it, commit it and run the tests again without IMAGEFUNCTIONS_RECORD_GOLDEN.");
        }

        Assert.Fail(
            $"No golden image for '{chain.Canonical}' on {source}: create {relative}. If Pillow has this filter, add it to PILLOW in " +
            "scripts/make-golden.py and run the script; otherwise record the engine's output with IMAGEFUNCTIONS_RECORD_GOLDEN=1 " +
            "(docs/architecture.md, Adding a filter).");
        return path;
    }

    private static byte[] Run(string source, FilterChain chain)
    {
        var pipeline = new ImagePipeline(new ImageLimits());
        using var input = File.OpenRead(GoldenFiles.Source(source));
        using var output = new MemoryStream();
        var info = pipeline.Process(input, output, chain, new OutputOptions(OutputFormat.Png));
        Assert.Equal(ImageFormatInfo.Png, info.Format);
        return output.ToArray();
    }

    private static void AssertSamePixels(Rgba32[] expected, Rgba32[] actual)
    {
        var mismatches = Enumerable.Range(0, expected.Length).Where(i => expected[i] != actual[i]).ToList();
        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {expected.Length} pixels differ; first at index {mismatches.FirstOrDefault()}: " +
            $"expected {Describe(expected, mismatches)}, got {Describe(actual, mismatches)}.");
    }

    /// <summary>Close to the reference: a mean difference under 1 per channel and none over 12.</summary>
    private static void AssertClose(Rgba32[] expected, Rgba32[] actual)
    {
        var total = 0L;
        var worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            foreach (var (e, a) in Channels(expected[i], actual[i]))
            {
                var difference = Math.Abs(e - a);
                total += difference;
                worst = Math.Max(worst, difference);
            }
        }

        var mean = (double)total / (expected.Length * 4);
        Assert.True(mean < 1.0 && worst <= 12, $"mean difference {mean:F2}, worst {worst}");
    }

    private static IEnumerable<(int Expected, int Actual)> Channels(Rgba32 e, Rgba32 a) =>
        [(e.R, a.R), (e.G, a.G), (e.B, a.B), (e.A, a.A)];

    private static string Describe(Rgba32[] pixels, List<int> mismatches) =>
        mismatches.Count == 0 ? "-" : pixels[mismatches[0]].ToString();
}
