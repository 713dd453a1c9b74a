using System.Diagnostics;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;
using ImageFunctions.Telemetry;

namespace ImageFunctions.Imaging;

/// <summary>
/// Decode, validate, orient, filter, encode. Thread-safe; one instance can serve every request.
/// </summary>
/// <remarks>
/// Order of work in <see cref="Process"/>: read at most <see cref="ImageLimits.MaxBytes"/>; sniff the format
/// from the bytes; count the metadata and refuse too much of it; read the header and refuse zero or too many pixels;
/// decode the first frame only; expand palettes and convert to an 8-bit working layout (gray, gray+alpha, RGB, RGBA),
/// keeping alpha; apply the EXIF orientation; run the chain left to right; encode per <see cref="OutputOptions"/>.
/// <see cref="ProcessAsync"/> first admits the image by its pixel count (<see cref="ImageLimits.PixelBudget"/>), so
/// the decoded pixels held at once stay within the budget however many callers there are.
/// </remarks>
public sealed class ImagePipeline
{
    // One image per core at a time: more would only share the cores (RowParallel splits them) and hold more pixel buffers.
    // The cores go round-robin between the callers' queues (jobs), so one job's queued images never hold up another's.
    private readonly FairGate _cores = new(Environment.ProcessorCount);

    /// <summary>The queue of callers that name none.</summary>
    public const string SharedQueue = "";
    private readonly PixelBudget _budget;
    private long _pixelsInProcess;
    private long _peakPixelsInProcess;

    private readonly ImageMetrics? _metrics;

    /// <param name="limits">The limits every image is held to.</param>
    /// <param name="metrics">Where the decode, filter and encode durations go (none: not recorded).</param>
    public ImagePipeline(ImageLimits limits, ImageMetrics? metrics = null)
    {
        Limits = limits ?? throw new ArgumentNullException(nameof(limits));
        _budget = new PixelBudget(limits.PixelBudget);
        _metrics = metrics;
    }

    public ImageLimits Limits { get; }

    /// <summary>Pixels of the images between decode and the end of encode now (whichever way they came in).</summary>
    public long PixelsInProcess => Interlocked.Read(ref _pixelsInProcess);

    /// <summary>The most <see cref="PixelsInProcess"/> has been since this pipeline was made.</summary>
    public long PeakPixelsInProcess => Interlocked.Read(ref _peakPixelsInProcess);

    /// <summary>How often <see cref="WarmUp"/> runs the common paths: past the runtime's tiering threshold of 30 calls.</summary>
    private const int WarmUpRepeats = 40;

    /// <summary>
    /// Runs a tiny image through decode (PNG and JPEG), every filter and every encoder so the first request does not pay
    /// the JIT, then repeats the common paths (JPEG to JPEG, JPEG to gray JPEG, PNG to PNG) past the runtime's call-count
    /// threshold, so that their methods are queued for optimised (tier-1) recompilation before real images arrive.
    /// A fresh process still runs its first jobs slower than a warm one (docs/benchmarks.md, End to end).
    /// </summary>
    public static void WarmUp()
    {
        var pipeline = new ImagePipeline(new ImageLimits());
        var png = WarmupImages.CreatePng(48, 32);
        var jpeg = WarmupImages.CreateJpeg(48, 32);
        foreach (var filter in FilterCatalog.All)
        {
            foreach (var format in new[] { OutputFormat.Png, OutputFormat.Jpeg })
            {
                Run(pipeline, png, filter.Name, format);
            }
        }

        Run(pipeline, png, "blur", OutputFormat.Webp);
        using (var jpegSource = new MemoryStream(jpeg, writable: false))
        {
            pipeline.Identify(jpegSource);
        }

        for (var i = 0; i < WarmUpRepeats; i++)
        {
            Run(pipeline, jpeg, "blur", OutputFormat.Original);
            Run(pipeline, jpeg, "grayscale", OutputFormat.Original);
            Run(pipeline, png, "invert", OutputFormat.Original);
        }
    }

    private static void Run(ImagePipeline pipeline, byte[] input, string chain, OutputFormat format)
    {
        using var source = new MemoryStream(input, writable: false);
        using var destination = new MemoryStream();
        pipeline.Process(source, destination, FilterChain.Parse(chain), new OutputOptions(format));
    }

    /// <summary>
    /// Reads the header and counts the metadata only; throws <see cref="ImageRejectedException"/> for a bad or too large
    /// image or one with too much metadata.
    /// </summary>
    public ImageFormatInfo Identify(Stream source) => IdentifyImage(source).Format;

    /// <summary><see cref="Identify"/> with the image's size, for limits over a whole job (its total pixels).</summary>
    public IdentifiedImage IdentifyImage(Stream source)
    {
        using var work = ImagingConfiguration.EnterWork();
        var inspected = ImageDecoding.Inspect(source, Limits, ImagingConfiguration.Current, CancellationToken.None);
        return new IdentifiedImage(inspected.Format, inspected.Info.Width, inspected.Info.Height);
    }

    /// <summary><see cref="ProcessAsync(Stream, Stream, FilterChain, OutputOptions, string, CancellationToken)"/> in the <see cref="SharedQueue"/>.</summary>
    public Task<ProcessedImageInfo> ProcessAsync(Stream source, Stream destination, FilterChain chain, OutputOptions output, CancellationToken cancellationToken = default) =>
        ProcessAsync(source, destination, chain, output, SharedQueue, cancellationToken);

    /// <summary>
    /// <see cref="Process"/> for concurrent callers (the activities): reads the header, then waits, without holding a
    /// thread, until the image's pixels fit in <see cref="ImageLimits.PixelBudget"/> beside the images already admitted
    /// and a core is free in <paramref name="queue"/>'s turn (round-robin between queues: the activities name their job),
    /// then processes on the engine's own threads (<see cref="EngineThreads"/>), never on a thread-pool thread the HTTP
    /// requests need.
    /// </summary>
    public async Task<ProcessedImageInfo> ProcessAsync(
        Stream source, Stream destination, FilterChain chain, OutputOptions output, string queue, CancellationToken cancellationToken)
    {
        CheckArguments(source, destination, chain, output);
        var data = ImageDecoding.ReadAll(source, Limits, cancellationToken);
        InspectedImage inspected;
        using (ImagingConfiguration.EnterWork())
        {
            inspected = ImageDecoding.Inspect(data, Limits, ImagingConfiguration.Current, cancellationToken);
        }

        using var admitted = await _budget.AcquireAsync(inspected.Pixels, cancellationToken).ConfigureAwait(false);
        using var core = await _cores.EnterAsync(queue, cancellationToken).ConfigureAwait(false);
        return await EngineThreads.Shared.Run(() => Run(data, inspected, destination, chain, output, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Processes <paramref name="source"/> into <paramref name="destination"/> at once, outside the pixel budget (one
    /// caller: the warm-up, tests, benchmarks); throws <see cref="ImageRejectedException"/>.
    /// </summary>
    public ProcessedImageInfo Process(Stream source, Stream destination, FilterChain chain, OutputOptions output, CancellationToken cancellationToken = default)
    {
        CheckArguments(source, destination, chain, output);
        var data = ImageDecoding.ReadAll(source, Limits, cancellationToken);
        InspectedImage inspected;
        using (ImagingConfiguration.EnterWork())
        {
            inspected = ImageDecoding.Inspect(data, Limits, ImagingConfiguration.Current, cancellationToken);
        }

        return Run(data, inspected, destination, chain, output, cancellationToken);
    }

    private static void CheckArguments(Stream source, Stream destination, FilterChain chain, OutputOptions output)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(output);
    }

    private ProcessedImageInfo Run(ArraySegment<byte> data, InspectedImage inspected, Stream destination, FilterChain chain, OutputOptions output, CancellationToken cancellationToken)
    {
        using var work = ImagingConfiguration.EnterWork();
        using var inProgress = RowParallel.EnterImage();
        using var counted = CountPixels(inspected.Pixels);
        var configuration = ImagingConfiguration.Current;
        var format = inspected.Format;
        var started = Stopwatch.GetTimestamp();
        WorkingImage image;
        using (ImageTracing.Start(ImageTracing.Decode))
        {
            image = ImageDecoding.Decode(data, inspected, configuration, cancellationToken);
        }

        _metrics?.StageDone("decode", started);
        try
        {
            foreach (var step in chain.Steps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                started = Stopwatch.GetTimestamp();
                using (ImageTracing.Start(ImageTracing.Filter)?.SetTag(ImageTracing.FilterTag, step.Name))
                {
                    image = step.Apply(image);
                }

                _metrics?.StageDone("filter", started);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var written = output.Resolve(format);
            started = Stopwatch.GetTimestamp();
            using (var span = ImageTracing.Start(ImageTracing.Encode))
            {
                image = ImageEncoding.Encode(image, written, output, destination);
                span?.SetTag(ImageTracing.BytesTag, destination.CanSeek ? destination.Length : null);
            }

            _metrics?.StageDone("encode", started);
            return new ProcessedImageInfo(written, image.Width, image.Height);
        }
        finally
        {
            image.Dispose();
        }
    }

    private PixelCount CountPixels(long pixels)
    {
        var now = Interlocked.Add(ref _pixelsInProcess, pixels);
        long peak;
        while (now > (peak = Interlocked.Read(ref _peakPixelsInProcess))
            && Interlocked.CompareExchange(ref _peakPixelsInProcess, now, peak) != peak)
        {
        }

        return new PixelCount(this, pixels);
    }

    /// <summary>An image's pixels counted in <see cref="PixelsInProcess"/> until disposed.</summary>
    private readonly struct PixelCount(ImagePipeline pipeline, long pixels) : IDisposable
    {
        public void Dispose() => Interlocked.Add(ref pipeline._pixelsInProcess, -pixels);
    }
}
