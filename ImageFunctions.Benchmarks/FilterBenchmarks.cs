using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Benchmarks;

/// <summary>
/// Decode, each Pillow filter, and encode, measured separately, plus the whole pipeline
/// (decode + blur + JPEG q90 encode), for three sizes, single-threaded and default-parallel.
/// </summary>
[Config(typeof(ShortConfig))]
[MemoryDiagnoser]
[MedianColumn]
public class FilterBenchmarks
{
    private byte[] _jpeg = [];
    private WorkingImage _source = null!;
    private WorkingImage _target = null!;
    private WorkingImage _gray = null!;
    private ImagePipeline _pipeline = null!;
    private FilterChain _blurChain = null!;
    private OutputOptions _jpegOutput = null!;
    private OutputOptions _pngOutput = null!;

    [Params("640x480", "1920x1080", "4000x3000")]
    public string Size { get; set; } = "1920x1080";

    [Params(true, false)]
    public bool SingleThreaded { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RowParallel.MaxDegreeOfParallelism = SingleThreaded ? 1 : -1;
        var (width, height) = BenchmarkImages.ParseSize(Size);
        _jpeg = BenchmarkImages.CreateJpeg(width, height);
        _source = BenchmarkImages.Decode(_jpeg);
        _target = _source.CreateLike();
        _gray = _source.CreateLike(PixelLayout.Gray);
        _pipeline = new ImagePipeline(new ImageLimits());
        _blurChain = FilterChain.Parse("blur");
        _jpegOutput = new OutputOptions(OutputFormat.Jpeg, 90);
        _pngOutput = new OutputOptions(OutputFormat.Png);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _source.Dispose();
        _target.Dispose();
        _gray.Dispose();
        RowParallel.MaxDegreeOfParallelism = -1;
    }

    [Benchmark]
    public int Decode()
    {
        using var image = BenchmarkImages.Decode(_jpeg);
        return image.Width;
    }

    [Benchmark]
    public void Blur() => KernelConvolution.Convolve(_source, _target, FilterCatalog.Get<BlurFilter>().Kernel);

    [Benchmark]
    public void Sharpen() => KernelConvolution.Convolve(_source, _target, FilterCatalog.Get<SharpenFilter>().Kernel);

    [Benchmark]
    public void Edges() => KernelConvolution.Convolve(_source, _target, FilterCatalog.Get<EdgesFilter>().Kernel);

    [Benchmark]
    public void Smooth() => KernelConvolution.Convolve(_source, _target, FilterCatalog.Get<SmoothFilter>().Kernel);

    [Benchmark]
    public void Grayscale() => Imaging.Processing.Grayscale.Convert(_source, _gray);

    [Benchmark]
    public long EncodeJpeg()
    {
        using var stream = new MemoryStream();
        _source.Image.Save(stream, new SixLabors.ImageSharp.Formats.Jpeg.JpegEncoder { Quality = 90 });
        return stream.Length;
    }

    [Benchmark]
    public long EncodePng()
    {
        using var stream = new MemoryStream();
        ImageEncoding.Encode(_source, ImageFormatInfo.Png, _pngOutput, stream);
        return stream.Length;
    }

    [Benchmark]
    public long DecodeBlurEncodeJpeg()
    {
        using var source = new MemoryStream(_jpeg, writable: false);
        using var destination = new MemoryStream();
        _pipeline.Process(source, destination, _blurChain, _jpegOutput);
        return destination.Length;
    }

    private sealed class ShortConfig : ManualConfig
    {
        public ShortConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(7)
                .WithId("Short"));
        }
    }
}
