using System.Globalization;
using System.Text;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>What one load run found: the correctness counters (all must be 0), the latencies, and the first problems in words.</summary>
internal sealed class LoadResult
{
    private const int MaxProblems = 30;

    private readonly Lock _gate = new();
    private readonly List<string> _problems = [];
    private readonly List<double> _submitAccepted = [];
    private readonly List<double> _submitRefused = [];
    private readonly List<double> _status = [];
    private readonly List<double> _completion = [];
    private readonly SortedDictionary<string, SortedDictionary<int, int>> _answers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _slowest = new(StringComparer.Ordinal);

    /// <summary>Submissions planned.</summary>
    public int Planned { get; init; }

    /// <summary>Submissions sent (all of them unless the total time ran out).</summary>
    public int Sent { get; private set; }

    /// <summary>Answers 500-599, on any request.</summary>
    public int ServerErrors { get; private set; }

    /// <summary>Requests without an answer within the request deadline (or with a dropped connection).</summary>
    public int NoAnswer { get; private set; }

    /// <summary>Images uploaded in accepted jobs that never showed up finished (in the status, the ZIP or as a single image).</summary>
    public int Lost { get; private set; }

    /// <summary>Images that showed up more than once (status results, ZIP entries).</summary>
    public int Duplicated { get; private set; }

    /// <summary>Answers of the wrong kind: a bad input not refused with 4xx problem+json, a good one not accepted, a good image that failed.</summary>
    public int WrongAnswers { get; private set; }

    /// <summary>Answers whose body shows a stack frame or an exception type name.</summary>
    public int Leaks { get; private set; }

    /// <summary>Accepted jobs that did not finish within the job deadline.</summary>
    public int Unfinished { get; private set; }

    /// <summary>Status documents that said <c>all_ready</c> while <c>status</c> was still pending or running (issue 10, defect 11).</summary>
    public int StatusLagging { get; private set; }

    /// <summary>Images checked in the status, the ZIP and by a single-image GET.</summary>
    public int ImagesVerified { get; private set; }

    /// <summary>Accepted jobs.</summary>
    public int Accepted { get; private set; }

    /// <summary>Refused submissions (any 4xx).</summary>
    public int Refused { get; private set; }

    /// <summary>The host's peak resident set during the run, or null when not measured.</summary>
    public long? PeakRssBytes { get; set; }

    /// <summary>The run's wall time.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>True when every correctness counter is 0.</summary>
    public bool Clean => ServerErrors == 0 && NoAnswer == 0 && Lost == 0 && Duplicated == 0 && WrongAnswers == 0 && Leaks == 0 && Unfinished == 0 && Sent == Planned;

    /// <summary>The first problems, in words.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_gate)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>Time to the 202 of accepted submissions, in ms.</summary>
    public Percentiles SubmitAccepted => Of(_submitAccepted);

    /// <summary>Time to the 4xx of refused submissions, in ms.</summary>
    public Percentiles SubmitRefused => Of(_submitRefused);

    /// <summary>Time of each <c>GET /status-job</c>, in ms.</summary>
    public Percentiles Status => Of(_status);

    /// <summary>From sending a good job until its status said <c>all_ready</c>, in ms.</summary>
    public Percentiles Completion => Of(_completion);

    internal void CountSent()
    {
        lock (_gate)
        {
            Sent++;
        }
    }

    /// <summary>Counts the answer's class (5xx, none, leak) and returns false when it was a 5xx or none.</summary>
    internal bool Observe(string what, LoadAnswer answer)
    {
        lock (_gate)
        {
            if (!answer.Answered)
            {
                NoAnswer++;
                AddProblem($"{what}: {answer.Describe()}");
                return false;
            }

            if (answer.MediaType is { } type && (type.Contains("json", StringComparison.OrdinalIgnoreCase) || type.StartsWith("text/", StringComparison.OrdinalIgnoreCase))
                && ResponseLeaks.Find(answer.Text) is { } leak)
            {
                Leaks++;
                AddProblem($"{what}: the answer shows '{leak}'");
            }

            if (answer.Status >= 500)
            {
                ServerErrors++;
                AddProblem($"{what}: {answer.Describe()}: {Shorten(answer.Text)}");
                return false;
            }

            return true;
        }
    }

    internal void RecordSubmit(LoadSubmission submission, LoadAnswer answer)
    {
        lock (_gate)
        {
            var key = submission.Kind.ToString();
            if (!_answers.TryGetValue(key, out var counts))
            {
                _answers[key] = counts = [];
            }

            counts[answer.Status] = counts.GetValueOrDefault(answer.Status) + 1;
            _slowest[key] = Math.Max(_slowest.GetValueOrDefault(key), answer.Milliseconds);
            if (answer.Status == 202)
            {
                Accepted++;
                _submitAccepted.Add(answer.Milliseconds);
            }
            else if (answer.Status is >= 400 and < 500)
            {
                Refused++;
                _submitRefused.Add(answer.Milliseconds);
            }
        }
    }

    internal void RecordStatusCall(double milliseconds)
    {
        lock (_gate)
        {
            _status.Add(milliseconds);
        }
    }

    internal void RecordCompletion(double milliseconds)
    {
        lock (_gate)
        {
            _completion.Add(milliseconds);
        }
    }

    internal void Wrong(string problem) => Count(() => WrongAnswers++, problem);

    internal void LostImages(int count, string problem) => Count(() => Lost += count, problem);

    internal void DuplicatedImages(int count, string problem) => Count(() => Duplicated += count, problem);

    internal void UnfinishedJob(int images, string problem) => Count(
        () =>
        {
            Unfinished++;
            Lost += images;
        },
        problem);

    internal void StatusLag() => Count(() => StatusLagging++, null);

    internal void Verified(int images) => Count(() => ImagesVerified += images, null);

    /// <summary>The answers per case and the slowest of them: <c>UnknownFilter 400×11 (max 52 ms)</c>, ...</summary>
    public string DescribeAnswers()
    {
        lock (_gate)
        {
            return string.Join("; ", _answers.Select(kv => kv.Key + " " + string.Join(", ", kv.Value.Select(c => Invariant($"{(c.Key == 0 ? "none" : c.Key.ToString(CultureInfo.InvariantCulture))}×{c.Value}")))
                + Invariant($" (max {_slowest[kv.Key]:0} ms)")));
        }
    }

    /// <summary>The report: counters, latencies, answers per case, problems.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"submissions {Sent}/{Planned} in {Elapsed.TotalSeconds:0.0} s: {Accepted} accepted, {Refused} refused; {ImagesVerified} images verified"));
        text.AppendLine(Invariant($"5xx {ServerErrors}, no answer {NoAnswer}, lost {Lost}, duplicated {Duplicated}, wrong answers {WrongAnswers}, leaked stack traces {Leaks}, unfinished jobs {Unfinished}; status lagging all_ready {StatusLagging}"));
        text.AppendLine(Invariant($"submit (202) p50/p95 {SubmitAccepted}; refused (4xx) p50/p95 {SubmitRefused}; status p50/p95 {Status}; job completion p50/p95 {Completion}; peak RSS {(PeakRssBytes is { } rss ? Invariant($"{rss / (1024.0 * 1024):0} MiB") : "not measured")}"));
        text.AppendLine("answers: " + DescribeAnswers());
        foreach (var problem in Problems)
        {
            text.AppendLine("  problem: " + problem);
        }

        return text.ToString();
    }

    private void Count(Action change, string? problem)
    {
        lock (_gate)
        {
            change();
            if (problem is not null)
            {
                AddProblem(problem);
            }
        }
    }

    private void AddProblem(string problem)
    {
        if (_problems.Count < MaxProblems)
        {
            _problems.Add(problem);
        }
    }

    private Percentiles Of(List<double> values)
    {
        lock (_gate)
        {
            return Percentiles.Of(values);
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The median and 95th percentile of some timings (nearest rank), and how many there were.</summary>
internal readonly record struct Percentiles(double P50, double P95, int Count)
{
    /// <summary>Computes them; both 0 for no values.</summary>
    public static Percentiles Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new Percentiles(0, 0, 0);
        }

        var sorted = values.Order().ToArray();
        return new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.95), sorted.Length);
    }

    /// <summary><c>40/58 ms</c>, with one decimal under 10 ms.</summary>
    public override string ToString() => Count == 0 ? "-" : $"{Format(P50)}/{Format(P95)} ms";

    private static string Format(double ms) => ms < 10 ? ms.ToString("0.0", CultureInfo.InvariantCulture) : ms.ToString("0", CultureInfo.InvariantCulture);

    private static double Rank(double[] sorted, double quantile) => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
