using System.Globalization;
using System.Text;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The result of an invocation as Markdown: one line naming the configuration, then a table row of medians (min–max)
/// over the counted runs, ready to paste under the same header in the README or docs/benchmarks.md.
/// </summary>
internal static class E2eReport
{
    private const double MiB = 1024 * 1024;

    /// <summary>The table header (with its alignment row).</summary>
    public const string Header = """
        | backend | images | input | filter | jobs | submit (ms) | all ready (ms) | with ZIP (ms) | images/s | server peak RSS (MiB) |
        |---|---:|---|---|---:|---:|---:|---:|---:|---:|
        """;

    /// <summary>One run as a console line, while the runs go on.</summary>
    public static string DescribeRun(string label, RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rss = run.PeakRssBytes is { } bytes ? Format($", peak RSS {bytes / MiB:0} MiB") : string.Empty;
        return Format($"{label}: submit {run.SubmitMs:0} ms, all ready {run.ReadyMs:0} ms, with ZIP {run.WithZipMs:0} ms, ")
            + Format($"{run.ImagesPerSecond:0.0} images/s, ZIP {run.ZipBytes / MiB:0.0} MiB{rss}");
    }

    /// <summary>The configuration line, the header and the row of medians (min–max) of <paramref name="runs"/>.</summary>
    /// <param name="options">The configuration.</param>
    /// <param name="inputs">The uploads (their mean size is part of the configuration line).</param>
    /// <param name="runs">The counted runs (not the warm-up).</param>
    /// <param name="highWaterMark">The host's <c>VmHWM</c> at the end; null when not measured.</param>
    public static string Render(E2eOptions options, IReadOnlyList<InputImage> inputs, IReadOnlyList<RunResult> runs, long? highWaterMark)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(runs);
        var text = StartTable(options, inputs, runs.Count, Header);
        var backend = BackendName(options);
        var rss = runs.All(r => r.PeakRssBytes is not null) ? Summary(runs.Select(r => r.PeakRssBytes!.Value / MiB), "0") : "-";
        text.Append(Format($"| {backend} | {options.Images} × {options.Width}×{options.Height} | {options.InputName} | `{options.Filter}` | {options.Jobs} "));
        text.Append(Format($"| {Summary(runs.Select(r => r.SubmitMs), "0")} | {Summary(runs.Select(r => r.ReadyMs), "0")} "));
        text.AppendLine(Format($"| {Summary(runs.Select(r => r.WithZipMs), "0")} | {Summary(runs.Select(r => r.ImagesPerSecond), "0.0")} | {rss} |"));
        if (highWaterMark is { } hwm)
        {
            text.AppendLine();
            text.AppendLine(Format($"Server VmHWM at the end (whole life of the host: start-up, warm-up and all runs): {hwm / MiB:0} MiB."));
        }

        return text.ToString();
    }

    /// <summary>The header of the <c>--fairness</c> table.</summary>
    public const string FairnessHeader = """
        | backend | large job | large job (s) | 1-image jobs | 1-image median (ms) | 1-image max (ms) | status p50 (ms) | status p95 (ms) | status max (ms) | status calls | failed |
        |---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """;

    /// <summary>One <c>--fairness</c> run as a console line.</summary>
    public static string DescribeFairnessRun(string label, FairnessResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var small = run.SmallJobMs.Count == 0
            ? "no 1-image job"
            : Format($"{run.SmallJobMs.Count} 1-image jobs median {Median(run.SmallJobMs):0} ms max {run.SmallJobMs.Max():0} ms");
        return Format($"{label}: large job {run.LargeJobMs / 1000:0.0} s, {small}, status p50 {FairnessResult.Quantile(run.StatusMs, 0.5):0.0} ms ")
            + Format($"p95 {FairnessResult.Quantile(run.StatusMs, 0.95):0.0} ms max {run.StatusMs.DefaultIfEmpty(0).Max():0} ms over {run.StatusMs.Count} calls, {run.StatusFailures} failed");
    }

    /// <summary>The configuration line, the header and the row of medians (min–max) over the counted <c>--fairness</c> runs.</summary>
    public static string RenderFairness(E2eOptions options, IReadOnlyList<InputImage> inputs, IReadOnlyList<FairnessResult> runs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(runs);
        var text = StartTable(options, inputs, runs.Count, FairnessHeader);
        var backend = BackendName(options);
        var withSmall = runs.Where(r => r.SmallJobMs.Count > 0).ToList();
        text.Append(Format($"| {backend} | {options.Images} × {options.Width}×{options.Height} {options.InputName} `{options.Filter}` | {Summary(runs.Select(r => r.LargeJobMs / 1000), "0.0")} "));
        text.Append(Format($"| {Summary(runs.Select(r => (double)r.SmallJobMs.Count), "0")} "));
        text.Append(withSmall.Count == 0
            ? "| - | - "
            : Format($"| {Summary(withSmall.Select(r => Median(r.SmallJobMs)), "0")} | {Summary(withSmall.Select(r => r.SmallJobMs.Max()), "0")} "));
        text.Append(Format($"| {Summary(runs.Select(r => FairnessResult.Quantile(r.StatusMs, 0.5)), "0.0")} | {Summary(runs.Select(r => FairnessResult.Quantile(r.StatusMs, 0.95)), "0.0")} "));
        text.AppendLine(Format($"| {Summary(runs.Select(r => r.StatusMs.DefaultIfEmpty(0).Max()), "0")} | {Summary(runs.Select(r => (double)r.StatusMs.Count), "0")} | {runs.Sum(r => r.StatusFailures)} |"));
        return text.ToString();
    }

    /// <summary>The median of <paramref name="values"/> (mean of the middle two for an even count).</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static string Summary(IEnumerable<double> values, string format)
    {
        var all = values.ToArray();
        var median = Median(all).ToString(format, CultureInfo.InvariantCulture);
        return all.Length == 1
            ? median
            : $"{median} ({all.Min().ToString(format, CultureInfo.InvariantCulture)}–{all.Max().ToString(format, CultureInfo.InvariantCulture)})";
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The configuration line (with the mean upload size and how the runs are summarised) and the table's header.</summary>
    private static StringBuilder StartTable(E2eOptions options, IReadOnlyList<InputImage> inputs, int runCount, string header)
    {
        var meanInput = inputs.Average(i => i.Length) / 1024;
        var text = new StringBuilder();
        text.AppendLine(Format($"{options.Describe()}; inputs {meanInput:0} KiB each; {(runCount == 1 ? "the one counted run" : $"medians (min–max) of the {runCount} counted runs")}:"));
        text.AppendLine();
        text.AppendLine(header);
        return text;
    }

    private static string BackendName(E2eOptions options) =>
        options.Url is null ? options.Backend.ToString().ToLowerInvariant() : "external";
}
