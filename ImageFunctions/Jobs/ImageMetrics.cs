using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ImageFunctions.Jobs;

/// <summary>
/// The per-image metrics of the <c>ImageFunctions</c> meter: how long each stage of an image took and how many images
/// ended how. Read them live with <c>dotnet-counters monitor -n ImageFunctions --counters ImageFunctions</c>
/// (docs/benchmarks.md uses them for the end-to-end breakdown).
/// </summary>
public sealed class ImageMetrics
{
    public const string MeterName = "ImageFunctions";

    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _images;

    public ImageMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _stageDuration = meter.CreateHistogram<double>(
            "imagefunctions.image.stage.duration", "ms", "Time of one stage of one image: load, cache, engine (with the waits for the pixel budget and a core), save, progress.");
        _images = meter.CreateCounter<long>("imagefunctions.images", "{image}", "Images finished, by outcome: succeeded, cached or failed.");
    }

    /// <summary>Records the time since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) for <paramref name="stage"/>.</summary>
    public void StageDone(string stage, long startTimestamp) =>
        _stageDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    /// <summary>Counts one finished image.</summary>
    public void ImageDone(string outcome) => _images.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
