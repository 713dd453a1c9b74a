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

    /// <summary>Most metadata segments in one image: JPEG APPn and COM segments, PNG text, EXIF and ICC chunks.</summary>
    [Range(1, 65_535)] public int MaxMetadataSegments { get; set; } = 64;

    /// <summary>Most bytes in those segments together.</summary>
    [Range(1, long.MaxValue)] public long MaxMetadataBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Most pixels the engine holds decoded at once per instance; a larger image is processed alone.</summary>
    [Range(1, long.MaxValue)] public long PixelBudget { get; set; } = 40_000_000;
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

/// <summary>How long a request may wait for the backends (Blob Storage, Redis, Durable) before it answers 503.</summary>
public sealed class BackendOptions
{
    /// <summary>
    /// The bound on the backend calls of one request (status, download, images, delete, health; each stored upload and the
    /// scheduling of a submission): past it the request answers 503 problem+json with <c>Retry-After</c>.
    /// </summary>
    [Range(0.1, 300)] public double RequestTimeoutSeconds { get; set; } = 5;
}
