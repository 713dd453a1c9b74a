using System.Diagnostics;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageFunctions.Benchmarks;

/// <summary>
/// Long-running drift check for dynamic PGO: times our blur and ImageSharp's BoxBlur on a 1920x1080 image
/// over many calls in one process and prints the median of the first and last 50 calls. Run it built with
/// TieredPGO off (default) and on: <c>dotnet run -c Release -p:TieredPGO=true -- --pgo-check</c>.
/// </summary>
internal static class PgoCheck
{
    public static void Run(int calls)
    {
        RowParallel.MaxDegreeOfParallelism = 1;
        var pgo = AppContext.GetData("System.Runtime.TieredPGO") ?? "(default)";
        Console.WriteLine($"TieredPGO runtimeconfig = {pgo}, calls = {calls}");
        var jpeg = BenchmarkImages.CreateJpeg(1920, 1080);
        using var source = BenchmarkImages.Decode(jpeg);
        using var target = source.CreateLike();
        using var imageSharpSource = (Image<Rgb24>)source.Image;

        Report("ours blur", calls, () => KernelConvolution.Convolve(source, target, Imaging.FilterCatalog.Get<Imaging.BlurFilter>().Kernel));
        Report("ImageSharp BoxBlur(2)", calls, () =>
        {
            using var clone = imageSharpSource.Clone(x => x.BoxBlur(2));
        });
    }

    /// <summary>Median of 30 single-threaded calls per stage at 1920x1080 (a quick cross-check of the BenchmarkDotNet table).</summary>
    public static void Stages()
    {
        RowParallel.MaxDegreeOfParallelism = 1;
        var jpeg = BenchmarkImages.CreateJpeg(1920, 1080);
        using var source = BenchmarkImages.Decode(jpeg);
        using var target = source.CreateLike();
        using var gray = source.CreateLike(PixelLayout.Gray);
        var pipeline = new Imaging.ImagePipeline(new Imaging.ImageLimits());
        var chain = Imaging.FilterChain.Parse("blur");
        var output = new Imaging.OutputOptions(Imaging.OutputFormat.Jpeg, 90);
        Report("decode", 30, () => BenchmarkImages.Decode(jpeg).Dispose());
        Report("blur", 30, () => KernelConvolution.Convolve(source, target, Imaging.FilterCatalog.Get<Imaging.BlurFilter>().Kernel));
        Report("sharpen", 30, () => KernelConvolution.Convolve(source, target, Imaging.FilterCatalog.Get<Imaging.SharpenFilter>().Kernel));
        Report("edges", 30, () => KernelConvolution.Convolve(source, target, Imaging.FilterCatalog.Get<Imaging.EdgesFilter>().Kernel));
        Report("smooth", 30, () => KernelConvolution.Convolve(source, target, Imaging.FilterCatalog.Get<Imaging.SmoothFilter>().Kernel));
        Report("grayscale", 30, () => Grayscale.Convert(source, gray));
        Report("encode jpeg q90", 30, () => source.Image.Save(Stream.Null, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 90 }));
        Grayscale.Convert(source, gray);
        Report("encode jpeg q90 gray", 30, () => ImageEncoding.Encode(gray, Imaging.ImageFormatInfo.Jpeg, output, Stream.Null));
        var png = new Imaging.OutputOptions(Imaging.OutputFormat.Png);
        Report("encode png (default)", 12, () => ImageEncoding.Encode(source, Imaging.ImageFormatInfo.Png, png, Stream.Null));
        Report("decode+blur+encode", 30, () =>
        {
            using var input = new MemoryStream(jpeg, writable: false);
            pipeline.Process(input, Stream.Null, chain, output);
        });
        var grayscale = Imaging.FilterChain.Parse("grayscale");
        Report("decode+grayscale+encode", 30, () =>
        {
            using var input = new MemoryStream(jpeg, writable: false);
            pipeline.Process(input, Stream.Null, grayscale, output);
        });
    }

    private static void Report(string name, int calls, Action action)
    {
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var window = Math.Min(50, calls / 3);
        Console.WriteLine(
            $"{name,-24} median first {window}: {Median(times.Take(window)),7:F2} ms   " +
            $"calls {window}-{2 * window}: {Median(times.Skip(window).Take(window)),7:F2} ms   " +
            $"last {window}: {Median(times.Skip(calls - window)),7:F2} ms");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
