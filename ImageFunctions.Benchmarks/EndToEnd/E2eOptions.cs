using System.Globalization;
using ImageFunctions.Imaging;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>Encoding of the generated uploads.</summary>
internal enum InputKind
{
    Jpeg,
    Png,

    /// <summary>PNG of one colour (a different one per image): tiny files that decode to the most pixels the limits allow.</summary>
    PngSolid,
}

/// <summary>What the harness starts behind the host.</summary>
internal enum E2eBackend
{
    /// <summary>No storage or Redis settings: in-memory Durable backend, file-system store, in-process progress.</summary>
    Embedded,

    /// <summary>Azurite (Blob, Queue, Table) and redis-server started on free loopback ports: the Azure Storage Durable backend.</summary>
    Azure,
}

/// <summary>Options of the <c>e2e</c> verb; <see cref="Parse"/> is pure (no I/O) and throws <see cref="E2eUsageException"/>.</summary>
internal sealed record E2eOptions
{
    /// <summary>The first job's <c>quality</c>; every later job uses the next lower value so that the result cache never answers.</summary>
    public const int FirstQuality = 90;

    /// <summary>The host's highest <c>ImageFunctions:Limits:MaxFiles</c>.</summary>
    public const int MaxImages = 10_000;

    /// <summary>The usage text printed for <c>--help</c> and after a bad option.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project ImageFunctions.Benchmarks -- e2e [options]

          --images N        images per job (default 100, at most 10000)
          --size WxH        size of the generated images (default 640x480)
          --input KIND      upload encoding: jpeg (q90), png, or png-solid (one colour per image, deflated to a few
                            hundred KB however large; with --size 6324x6324 each is ~40 MP) (default jpeg)
          --filter CHAIN    filter chain, e.g. blur or grayscale,edges (default blur)
          --format F        output format: original, jpeg, png or webp (default original)
          --runs R          counted runs, after one warm-up run (default 5)
          --jobs K          jobs submitted at once in each run (default 1)
          --backend B       embedded (in-memory Durable, file system) or azure (Azurite + Redis) (default embedded)
          --url URL         measure an already-running host instead of starting one (no peak RSS)
          --idle-seconds S  after the last run, keep the host idle for S seconds and report its RSS over that time
                            (default 0, at most 600)
          --fairness        instead of timing whole jobs: submit one job of all the images, then while it runs a
                            one-image job every 2 s, and poll the large job's status without pause; report the
                            one-image jobs' times and the status latency (median, p95, max)

        Each job uses a new quality (90, 89, ...), so (runs + 1) x jobs may be at most 90.
        """;

    /// <summary>Images per job.</summary>
    public int Images { get; init; } = 100;

    /// <summary>Width of the generated images.</summary>
    public int Width { get; init; } = 640;

    /// <summary>Height of the generated images.</summary>
    public int Height { get; init; } = 480;

    /// <summary>Encoding of the generated images.</summary>
    public InputKind Input { get; init; } = InputKind.Jpeg;

    /// <summary>The <c>filter</c> query value, in canonical form.</summary>
    public string Filter { get; init; } = "blur";

    /// <summary>The <c>format</c> query value (lower case).</summary>
    public string Format { get; init; } = "original";

    /// <summary>Counted runs (the warm-up run comes on top).</summary>
    public int Runs { get; init; } = 5;

    /// <summary>Jobs submitted at once per run.</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>Services started behind the host (ignored with <see cref="Url"/>).</summary>
    public E2eBackend Backend { get; init; } = E2eBackend.Embedded;

    /// <summary>An already-running host; null: the harness starts one.</summary>
    public Uri? Url { get; init; }

    /// <summary>Seconds to watch the idle host's resident set after the last run; 0: not watched.</summary>
    public int IdleSeconds { get; init; }

    /// <summary>True for the <c>--fairness</c> scenario (<see cref="FairnessRunner"/>).</summary>
    public bool Fairness { get; init; }

    /// <summary>True when <c>--help</c> was given: print <see cref="Usage"/> and stop.</summary>
    public bool Help { get; init; }

    /// <summary>Parses the arguments that follow the <c>e2e</c> verb.</summary>
    /// <exception cref="E2eUsageException">An unknown option, a missing or invalid value.</exception>
    public static E2eOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new E2eOptions();
        var backendGiven = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return options with { Help = true };
            }

            if (name == "--fairness")
            {
                options = options with { Fairness = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new E2eUsageException(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value." : $"Unexpected argument '{name}'.");
            }

            var value = args[++i];
            options = name switch
            {
                "--images" => options with { Images = Integer(name, value, 1, MaxImages) },
                "--size" => ParseSize(options, value),
                "--input" => options with { Input = ParseInput(value) },
                "--filter" => options with { Filter = ParseFilter(value) },
                "--format" => options with { Format = ParseFormat(value) },
                "--runs" => options with { Runs = Integer(name, value, 1, FirstQuality - 1) },
                "--jobs" => options with { Jobs = Integer(name, value, 1, FirstQuality / 2) },
                "--backend" => options with { Backend = ParseBackend(value) },
                "--url" => options with { Url = ParseUrl(value) },
                "--idle-seconds" => options with { IdleSeconds = Integer(name, value, 0, 600) },
                _ => throw new E2eUsageException($"Unknown option '{name}'."),
            };
            backendGiven |= name == "--backend";
        }

        if (options.Url is not null && backendGiven)
        {
            throw new E2eUsageException("--backend and --url exclude each other: with --url the running host's own backend is measured.");
        }

        if (options.Url is not null && options.IdleSeconds > 0)
        {
            throw new E2eUsageException("--idle-seconds needs a host started by the harness (not --url): it reads the host's RSS.");
        }

        if (options.Fairness && options.Jobs != 1)
        {
            throw new E2eUsageException("--fairness runs one large job at a time; leave out --jobs.");
        }

        if (options.JobCount > FirstQuality)
        {
            throw new E2eUsageException(
                $"(runs + 1) x jobs = {options.JobCount} jobs need as many distinct quality values ({FirstQuality} down to 1); use fewer runs or jobs.");
        }

        return options;
    }

    /// <summary>All jobs of the invocation, warm-up included.</summary>
    public int JobCount => (Runs + 1) * Jobs;

    /// <summary>The <c>quality</c> of job <paramref name="job"/> (0-based) of run <paramref name="run"/> (0 = warm-up).</summary>
    public int QualityOf(int run, int job) => FirstQuality - (run * Jobs) - job;

    /// <summary>One line describing the configuration, for the report.</summary>
    public string Describe()
    {
        var backend = Url is null ? Backend.ToString().ToLowerInvariant() : $"external host {Url}";
        var jobs = Fairness ? "fairness (one-image jobs and status polls beside one job)" : Jobs == 1 ? "1 job" : $"{Jobs} jobs at once";
        return $"backend {backend}, {Images} images of {Width}x{Height} {InputName}, filter {Filter}, "
            + $"format {Format}, {jobs}, {Runs} {(Runs == 1 ? "run" : "runs")} after 1 warm-up";
    }

    /// <summary>The <c>--input</c> value as written on the command line.</summary>
    public string InputName => Input switch
    {
        InputKind.Png => "png",
        InputKind.PngSolid => "png-solid",
        _ => "jpeg",
    };

    private static int Integer(string name, string value, int min, int max)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            throw new E2eUsageException($"{name} must be a whole number from {min} to {max}; got '{value}'.");
        }

        return parsed;
    }

    private static E2eOptions ParseSize(E2eOptions options, string value)
    {
        var parts = value.Split('x', 'X');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            || width is < 1 or > 10_000 || height is < 1 or > 10_000)
        {
            throw new E2eUsageException($"--size must be WIDTHxHEIGHT with each side from 1 to 10000, e.g. 640x480; got '{value}'.");
        }

        return options with { Width = width, Height = height };
    }

    private static InputKind ParseInput(string value) => value.ToLowerInvariant() switch
    {
        "jpeg" or "jpg" => InputKind.Jpeg,
        "png" => InputKind.Png,
        "png-solid" => InputKind.PngSolid,
        _ => throw new E2eUsageException($"--input must be jpeg, png or png-solid; got '{value}'."),
    };

    private static E2eBackend ParseBackend(string value) => value.ToLowerInvariant() switch
    {
        "embedded" => E2eBackend.Embedded,
        "azure" => E2eBackend.Azure,
        _ => throw new E2eUsageException($"--backend must be embedded or azure; got '{value}'."),
    };

    private static string ParseFilter(string value)
    {
        try
        {
            return FilterChain.Parse(value).Canonical;
        }
        catch (FilterSpecException ex)
        {
            throw new E2eUsageException($"--filter: {ex.Message}");
        }
    }

    private static string ParseFormat(string value)
    {
        try
        {
            return OutputOptions.Parse(value, null).Format.ToString().ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            throw new E2eUsageException($"--format must be original, jpeg, png or webp; got '{value}'.");
        }
    }

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new E2eUsageException($"--url must be an absolute http(s) address such as http://127.0.0.1:8000; got '{value}'.");
        }

        return url;
    }
}

/// <summary>A bad command line: the message says what is wrong; the caller prints it with <see cref="E2eOptions.Usage"/> and exits with 2.</summary>
internal sealed class E2eUsageException(string message) : Exception(message);
