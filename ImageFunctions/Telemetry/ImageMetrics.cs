using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImageFunctions.Telemetry;

/// <summary>
/// The metrics of the <c>ImageFunctions</c> meter: how long each stage of an image took, how many images ended how, the bytes
/// read and written, and the jobs in flight. Exported by OpenTelemetry (README, Observability); read them live with
/// <c>dotnet-counters monitor -n ImageFunctions --counters ImageFunctions</c> (docs/benchmarks.md uses them for the
/// end-to-end breakdown).
/// </summary>
public sealed class ImageMetrics
{
    public const string MeterName = "ImageFunctions";

    public const string StageDurationName = "imagefunctions.image.stage.duration";
    public const string ImagesName = "imagefunctions.images";
    public const string BytesInName = "imagefunctions.image.bytes.in";
    public const string BytesOutName = "imagefunctions.image.bytes.out";
    public const string JobsInFlightName = "imagefunctions.jobs.in_flight";

    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _images;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly UpDownCounter<long> _jobsInFlight;

    public ImageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _stageDuration = meter.CreateHistogram<double>(
            StageDurationName, "ms",
            "Time of one stage of one image: load, cache, engine (with the waits for the pixel budget and a core), decode, filter, encode, save, progress.");
        _images = meter.CreateCounter<long>(ImagesName, "{image}", "Images finished, by outcome: succeeded, cached or failed.");
        _bytesIn = meter.CreateCounter<long>(BytesInName, "By", "Bytes of the uploads read for processing.");
        _bytesOut = meter.CreateCounter<long>(BytesOutName, "By", "Bytes of the results written.");
        _jobsInFlight = meter.CreateUpDownCounter<long>(JobsInFlightName, "{job}", "Job orchestrations started and not yet finished or cancelled.");
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) for <paramref name="stage"/>.</summary>
    public void StageDone(string stage, long startTimestamp) =>
        _stageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>Counts one finished image.</summary>
    public void ImageDone(string outcome) => _images.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts the bytes of an upload read for processing.</summary>
    public void BytesRead(long bytes) => _bytesIn.Add(bytes);

    /// <summary>Counts the bytes of a result written.</summary>
    public void BytesWritten(long bytes) => _bytesOut.Add(bytes);

    /// <summary>A job's orchestration started (counted once, not on replay).</summary>
    public void JobStarted() => _jobsInFlight.Add(1);

    /// <summary>A job's orchestration finished or was terminated.</summary>
    public void JobEnded() => _jobsInFlight.Add(-1);
}
