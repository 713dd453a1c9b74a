using System.Diagnostics;

namespace ImageFunctions.Telemetry;

/// <summary>
/// The app's own spans (the <c>ImageFunctions</c> activity source): the upload of a job and the stages of one image.
/// They sit inside the spans of the hosts and of Durable's distributed tracing (README, Observability).
/// </summary>
public static class ImageTracing
{
    public const string SourceName = "ImageFunctions";

    /// <summary>The source of every span below; a no-op until a tracer provider listens to <see cref="SourceName"/>.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Reading the multipart body and storing the uploads of one job.</summary>
    public const string Upload = "job.upload";

    /// <summary>Reading one upload from storage.</summary>
    public const string Load = "image.load";

    /// <summary>Looking up (and copying) a cached result.</summary>
    public const string Cache = "image.cache";

    /// <summary>Decoding one image to the working layout (after its admission to the pixel budget).</summary>
    public const string Decode = "image.decode";

    /// <summary>One filter of the chain on one image; the filter's name is the <see cref="FilterTag"/> tag.</summary>
    public const string Filter = "image.filter";

    /// <summary>Encoding one image.</summary>
    public const string Encode = "image.encode";

    /// <summary>Storing one result.</summary>
    public const string Save = "image.save";

    public const string JobIdTag = "imagefunctions.job_id";
    public const string TaskIdTag = "imagefunctions.task_id";
    public const string ImageCountTag = "imagefunctions.image_count";
    public const string FilterTag = "imagefunctions.filter";
    public const string BytesTag = "imagefunctions.bytes";

    /// <summary>Starts an internal span of this source (null when nobody listens).</summary>
    public static Activity? Start(string name) => Source.StartActivity(name, ActivityKind.Internal);
}
