using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;

namespace ImageFunctions.Benchmarks;

/// <summary>
/// PNG encoding of the photo-like RGB test picture with the engine's defaults (zlib level 1, Up filter), next to
/// ImageSharp 2.1's own <see cref="PngEncoder"/> with the same settings, so both are measured in one run.
/// Output sizes are printed by <c>--png-sizes</c>.
/// </summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class PngBenchmarks
{
    private WorkingImage _source = null!;
    private OutputOptions _output = null!;
    private PngEncoder _imageSharp = null!;

    [Params("640x480", "1920x1080")]
    public string Size { get; set; } = "1920x1080";

    [GlobalSetup]
    public void Setup()
    {
        var (width, height) = BenchmarkImages.ParseSize(Size);
        _source = BenchmarkImages.Decode(BenchmarkImages.CreateJpeg(width, height));
        _output = new OutputOptions(OutputFormat.Png);
        _imageSharp = ImageSharpPng(_output);
    }

    [GlobalCleanup]
    public void Cleanup() => _source.Dispose();

    /// <summary>The engine's PNG output, as the pipeline writes it.</summary>
    [Benchmark(Baseline = true)]
    public long EncodePng()
    {
        using var stream = new MemoryStream();
        ImageEncoding.Encode(_source, ImageFormatInfo.Png, _output, stream);
        return stream.Length;
    }

    /// <summary>ImageSharp 2.1.13's PNG encoder with the same level, filter and colour type (the engine's encoder before).</summary>
    [Benchmark]
    public long EncodePngImageSharp()
    {
        using var stream = new MemoryStream();
        _source.Image.Save(stream, _imageSharp);
        return stream.Length;
    }

    /// <summary>ImageSharp's encoder configured like the engine's defaults for RGB output.</summary>
    internal static PngEncoder ImageSharpPng(OutputOptions output) => new()
    {
        CompressionLevel = (PngCompressionLevel)output.PngCompressionLevel,
        FilterMethod = output.PngFilter switch
        {
            PngRowFilter.None => PngFilterMethod.None,
            PngRowFilter.Sub => PngFilterMethod.Sub,
            PngRowFilter.Up => PngFilterMethod.Up,
            PngRowFilter.Average => PngFilterMethod.Average,
            PngRowFilter.Paeth => PngFilterMethod.Paeth,
            _ => PngFilterMethod.Adaptive,
        },
        BitDepth = PngBitDepth.Bit8,
        ColorType = PngColorType.Rgb,
    };

    private sealed class ShortConfig : ManualConfig
    {
        public ShortConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(9)
                .WithId("Short"));
        }
    }
}
