using System.ComponentModel.DataAnnotations;

namespace ImageFunctions.Settings;

/// <summary>All settings, bound from the <c>ImageFunctions</c> section (env: <c>ImageFunctions__Limits__MaxFiles</c>).</summary>
public sealed class ImageFunctionsOptions
{
    public const string SectionName = "ImageFunctions";

    public StorageOptions Storage { get; set; } = new();
    public LimitsOptions Limits { get; set; } = new();
    public JobOptions Jobs { get; set; } = new();
    public NotificationOptions Notifications { get; set; } = new();
    public RateLimitOptions RateLimit { get; set; } = new();
    public BackendOptions Backends { get; set; } = new();
}

public sealed class StorageOptions
{
    // The connection strings (Storage:ConnectionString, Redis:ConnectionString) are read once, by BackendSelection.

    [Required] public string UploadsContainer { get; set; } = "uploads";
    [Required] public string ProcessedContainer { get; set; } = "processed-images";

    /// <summary>Root folder of the file-system store (embedded standalone mode).</summary>
    [Required] public string LocalRoot { get; set; } = "processed-images";
}

public sealed class LimitsOptions
{
    [Range(1, 10_000)] public int MaxFiles { get; set; } = 100;
    [Range(1, long.MaxValue)] public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;
    [Range(1, long.MaxValue)] public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>
    /// Most bytes of all files of one request together. 1 GiB: a full job of 100 photos of 10 MiB passes, 100 files at
    /// <see cref="MaxFileBytes"/> (2.5 GiB of uploads for one anonymous request) do not. The request body cap follows it.
    /// </summary>
    [Range(1, long.MaxValue)] public long MaxJobBytes { get; set; } = 1L << 30;

    /// <summary>
    /// Most pixels of all files of one job together (width × height, summed). 2,000,000,000: 100 images of 20 MP or 50 at
    /// <see cref="MaxPixels"/>; the 4,000,000,000 that 100 × <see cref="MaxPixels"/> allowed is hours of engine time.
    /// </summary>
    [Range(1, long.MaxValue)] public long MaxJobPixels { get; set; } = 2_000_000_000;

    /// <summary>Most metadata segments in one image: JPEG APPn and COM segments, PNG text, EXIF and ICC chunks.</summary>
    [Range(1, 65_535)] public int MaxMetadataSegments { get; set; } = 64;

    /// <summary>Most bytes in those segments together.</summary>
    [Range(1, long.MaxValue)] public long MaxMetadataBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Most pixels the engine holds decoded at once per instance; a larger image is processed alone.</summary>
    [Range(1, long.MaxValue)] public long PixelBudget { get; set; } = 40_000_000;

    /// <summary>
    /// Longest time one part of an upload may take to arrive, in seconds (a <c>files</c> part: until its last byte is read;
    /// any other part: until the next one starts). The default takes a 25 MiB file at about 90 KB/s.
    /// </summary>
    [Range(0.01, 86_400)] public double UploadPartTimeoutSeconds { get; set; } = 300;

    /// <summary>
    /// Longest time the whole body of a submission may take, in seconds. The default takes the largest body the default
    /// limits allow (100 files of 25 MiB) at about 730 KB/s.
    /// </summary>
    [Range(0.01, 86_400)] public double UploadRequestTimeoutSeconds { get; set; } = 3600;

    /// <summary>
    /// Fewest bytes of the body that must arrive in every <see cref="UploadRateWindowSeconds"/> spent waiting for the client,
    /// after the first window. Unlike Kestrel's minimum data rate (an average over the whole body), a burst does not pay for a later stall.
    /// </summary>
    [Range(1, long.MaxValue)] public long UploadMinBytesPerWindow { get; set; } = 32 * 1024;

    /// <summary>The window of <see cref="UploadMinBytesPerWindow"/>, in seconds.</summary>
    [Range(0.01, 3600)] public double UploadRateWindowSeconds { get; set; } = 10;
}

public sealed class JobOptions
{
    /// <summary>How long Redis keys (and so live progress and cache pointers) live.</summary>
    [Range(1, 24 * 365)] public int RetentionHours { get; set; } = 24;

    /// <summary>
    /// Whether a job may reuse another job's result for the same image and options. Off by default: shared results make
    /// the service a timing oracle (anyone could tell, by how fast a job finishes, whether someone processed that image
    /// with those options within the retention period). Within one job, identical images are always processed once.
    /// </summary>
    public bool ShareResultsAcrossJobs { get; set; }

    /// <summary>
    /// How many of one job's images may be queued or processing at once (its window); the orchestrator schedules the next
    /// image as one finishes. The task hub's work-item queue is first in, first out, so without a window a 100-image job
    /// puts 100 activities ahead of every job submitted after it; with one, another job's images queue behind at most
    /// this many. host.json's <c>maxConcurrentActivityFunctions</c> (8) keeps every activity slot busy with one job alone
    /// (and four times as many images as cores in the engine's queue), while a job submitted behind it waits for a slot,
    /// not for a queue of the first job's images.
    /// Recorded in each job's spec when it is submitted, so a change never alters a running orchestration's replay.
    /// </summary>
    [Range(1, 100_000)] public int MaxActivitiesInFlightPerJob { get; set; } = 8;
}

/// <summary>The completion webhook (<c>notify_url</c>).</summary>
public sealed class NotificationOptions
{
    /// <summary>The shortest signing secret accepted: an HMAC-SHA256 key should not be guessable.</summary>
    public const int MinSecretLength = 16;

    /// <summary>
    /// The HMAC-SHA256 key every delivery is signed with. Without it a job with a <c>notify_url</c> is refused: an unsigned
    /// notification could not be told apart from a forged one.
    /// </summary>
    public string? SigningSecret { get; set; }

    /// <summary>Whether <c>http</c> targets are accepted (local use); otherwise only <c>https</c>.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>
    /// Host names, addresses and CIDR ranges, separated by commas, that may be loopback, private or link-local
    /// (e.g. <c>hooks.internal,10.1.0.0/16</c>); see <see cref="HostAllowList"/>.
    /// </summary>
    public string AllowedHosts { get; set; } = "";

    /// <summary>Wait before the second attempt; each later wait doubles.</summary>
    [Range(0.01, 3600)] public double FirstRetrySeconds { get; set; } = 10;
}

/// <summary>The per-client limit on <c>POST /process-job</c> (see <c>Api/RateLimiting/SubmissionRateLimiter</c>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Whether submissions are limited at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Submissions one client may make per window; the next one is 429 until the window ends.</summary>
    [Range(1, 1_000_000)] public int PermitLimit { get; set; } = 60;

    /// <summary>Length of the fixed window, which starts at a client's first submission.</summary>
    [Range(1, 86_400)] public int WindowSeconds { get; set; } = 60;

    /// <summary>
    /// Whether the client is the last address in <c>X-Forwarded-For</c> (the one the proxy in front appended) instead
    /// of the connection's remote address. Only behind a proxy that sets the header and that clients cannot bypass:
    /// otherwise any client picks its own key.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    /// <summary>How long the check waits for Redis; slower (or down) it lets the submission through and logs a warning.</summary>
    [Range(10, 10_000)] public int RedisTimeoutMilliseconds { get; set; } = 1000;
}

/// <summary>How long a request may wait for the backends (Blob Storage, Redis, Durable) before it answers 503.</summary>
public sealed class BackendOptions
{
    /// <summary>
    /// The bound on the backend calls of one request (status, download, images, delete, health; each stored upload and the
    /// scheduling of a submission): past it the request answers 503 problem+json with <c>Retry-After</c>.
    /// </summary>
    [Range(0.1, 300)] public double RequestTimeoutSeconds { get; set; } = 5;
}
