using ImageFunctions.Imaging;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Imaging;

/// <summary>Our filters against Pillow's own output (scripts/make-golden.py), pixel for pixel.</summary>
public sealed class GoldenImageTests
{
    private static readonly string[] _pillowFilters =
    [
        "blur", "sharpen", "edges", "smooth", "smooth_more", "contour", "detail",
        "edge_enhance", "edge_enhance_more", "emboss", "grayscale", "grayscale,edges",
    ];

    public static TheoryData<string, string> PillowCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var source in GoldenFiles.SourceNames())
        {
            foreach (var filter in _pillowFilters)
            {
                data.Add(source, filter);
            }
        }

        return data;
    }

    public static TheoryData<string> Sources()
    {
        var data = new TheoryData<string>();
        foreach (var source in GoldenFiles.SourceNames())
        {
            data.Add(source);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PillowCases))]
    public void Process_PillowFilter_MatchesPillowPixelForPixel(string source, string filter)
    {
        var actual = GoldenFiles.ReadPng(Run(source, filter));
        var expected = GoldenFiles.ReadPng(File.ReadAllBytes(GoldenFiles.Expected(source, filter)));

        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        Assert.Equal(expected.ColorType, actual.ColorType);
        var mismatches = Enumerable.Range(0, expected.Pixels.Length).Where(i => expected.Pixels[i] != actual.Pixels[i]).ToList();
        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {expected.Pixels.Length} pixels differ; first at index {mismatches.FirstOrDefault()}: " +
            $"expected {Describe(expected.Pixels, mismatches)}, got {Describe(actual.Pixels, mismatches)}.");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Process_GaussianBlur_IsCloseToPillowGaussianBlur(string source)
    {
        var actual = GoldenFiles.ReadPng(Run(source, "gaussian_blur:2"));
        var expected = GoldenFiles.ReadPng(File.ReadAllBytes(GoldenFiles.Expected(source, "gaussian_blur_2")));

        var total = 0L;
        var worst = 0;
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            foreach (var (e, a) in Channels(expected.Pixels[i], actual.Pixels[i]))
            {
                var difference = Math.Abs(e - a);
                total += difference;
                worst = Math.Max(worst, difference);
            }
        }

        var mean = (double)total / (expected.Pixels.Length * 4);
        Assert.True(mean < 1.0 && worst <= 12, $"mean difference {mean:F2}, worst {worst}");
    }

    private static byte[] Run(string source, string filter)
    {
        var pipeline = new ImagePipeline(new ImageLimits());
        using var input = File.OpenRead(GoldenFiles.Source(source));
        using var output = new MemoryStream();
        var info = pipeline.Process(input, output, FilterChain.Parse(filter), new OutputOptions(OutputFormat.Png));
        Assert.Equal(ImageFormatInfo.Png, info.Format);
        return output.ToArray();
    }

    private static IEnumerable<(int Expected, int Actual)> Channels(Rgba32 e, Rgba32 a) =>
        [(e.R, a.R), (e.G, a.G), (e.B, a.B), (e.A, a.A)];

    private static string Describe(Rgba32[] pixels, List<int> mismatches) =>
        mismatches.Count == 0 ? "-" : pixels[mismatches[0]].ToString();
}
