using System.Diagnostics;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;

namespace ImageFunctions.Benchmarks;

/// <summary>
/// <c>--png-sizes</c>: median time and output size of the engine's PNG output and of ImageSharp 2.1's PNG encoder
/// with the same settings, for each row filter at zlib level 1 and for the Up filter at levels 2 (the default), 6 and 9, on the
/// photo-like RGB picture at 640x480 and 1920x1080 (one thread).
/// </summary>
internal static class PngComparison
{
    public static void Run(int calls)
    {
        Console.WriteLine($"median of {calls} calls after 2 warm-up calls; sizes in KiB");
        Console.WriteLine($"{"size",-10} {"filter",-9} {"level",5} {"engine ms",10} {"engine KiB",11} {"ImageSharp ms",14} {"ImageSharp KiB",15}");
        foreach (var size in new[] { "640x480", "1920x1080" })
        {
            var (width, height) = BenchmarkImages.ParseSize(size);
            using var source = BenchmarkImages.Decode(BenchmarkImages.CreateJpeg(width, height));
            var settings = Enum.GetValues<PngRowFilter>().Select(f => (Filter: f, Level: 1))
                .Concat([(PngRowFilter.Up, 2), (PngRowFilter.Up, 6), (PngRowFilter.Up, 9)]);
            foreach (var (filter, level) in settings)
            {
                var output = new OutputOptions(OutputFormat.Png) { PngFilter = filter, PngCompressionLevel = level };
                var encoder = PngBenchmarks.ImageSharpPng(output);
                var (engineMs, engineBytes) = Measure(calls, stream => ImageEncoding.Encode(source, ImageFormatInfo.Png, output, stream));
                var (imageSharpMs, imageSharpBytes) = Measure(calls, stream => source.Image.Save(stream, encoder));
                Console.WriteLine(
                    $"{size,-10} {filter,-9} {level,5} {engineMs,10:F2} {engineBytes / 1024.0,11:F0} {imageSharpMs,14:F2} {imageSharpBytes / 1024.0,15:F0}");
            }
        }
    }

    private static (double Milliseconds, long Bytes) Measure(int calls, Action<Stream> encode)
    {
        var times = new double[calls];
        long bytes = 0;
        for (var i = -2; i < calls; i++)
        {
            using var stream = new MemoryStream();
            var start = Stopwatch.GetTimestamp();
            encode(stream);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= 0)
            {
                times[i] = elapsed;
            }

            bytes = stream.Length;
        }

        Array.Sort(times);
        return (times[calls / 2], bytes);
    }
}
