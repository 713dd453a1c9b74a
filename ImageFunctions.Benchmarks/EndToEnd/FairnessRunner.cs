using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>What one <c>--fairness</c> run measured; times in milliseconds.</summary>
/// <param name="LargeJobMs">From the large job's first upload byte until its status said <c>all_ready</c>.</param>
/// <param name="SmallJobMs">Each one-image job, from its upload until its status said <c>all_ready</c>.</param>
/// <param name="StatusMs">Every <c>GET /status-job</c> of the large job while it ran.</param>
/// <param name="StatusFailures">Status calls that answered other than 200 or took longer than the client's timeout.</param>
internal sealed record FairnessResult(double LargeJobMs, IReadOnlyList<double> SmallJobMs, IReadOnlyList<double> StatusMs, int StatusFailures)
{
    /// <summary>The <paramref name="fraction"/> quantile (nearest rank) of <paramref name="values"/>.</summary>
    public static double Quantile(IReadOnlyList<double> values, double fraction)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// The <c>--fairness</c> scenario (issue 10, "Unfair scheduling and starved APIs"): submits one job of all the inputs,
/// then while it runs submits a one-image job every <see cref="SmallJobInterval"/> and waits for each, and polls the large
/// job's status without pause on another connection. A fair service finishes each one-image job in about the time of one
/// image, and answers status calls in milliseconds, however long the large job is.
/// </summary>
internal sealed class FairnessRunner(HttpClient http, E2eOptions options, IReadOnlyList<InputImage> inputs)
{
    /// <summary>Pause between two one-image jobs (each starts after the previous one is ready, and at least this apart).</summary>
    public static readonly TimeSpan SmallJobInterval = TimeSpan.FromSeconds(2);

    /// <summary>Pause before the first one-image job, so that the large job's images are queued first.</summary>
    private static readonly TimeSpan FirstSmallJobDelay = TimeSpan.FromSeconds(1);

    /// <summary>A status call slower than this counts as failed (the issue saw 60 s timeouts).</summary>
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Runs the scenario once for run <paramref name="run"/> (0 = warm-up).</summary>
    public async Task<FairnessResult> RunAsync(int run, CancellationToken cancellationToken)
    {
        var quality = options.QualityOf(run, 0);
        var clock = Stopwatch.StartNew();
        var large = await SubmitAsync(inputs, quality, cancellationToken);
        using var largeDone = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var statusTimes = new List<double>();
        var statusFailures = 0;
        var poller = PollStatusAsync(large, statusTimes, () => statusFailures++, largeDone.Token);

        var smallTimes = new List<double>();
        var smallJobs = SubmitSmallJobsAsync(quality, smallTimes, largeDone.Token, cancellationToken);
        await WaitUntilReadyAsync(large, cancellationToken);
        var largeMs = clock.Elapsed.TotalMilliseconds;
        await largeDone.CancelAsync();
        await IgnoreCancellation(poller);
        await IgnoreCancellation(smallJobs);
        return new FairnessResult(largeMs, smallTimes, statusTimes, statusFailures);
    }

    // A one-image job started before the large job ended is waited for to its end, so slow ones are not left out.
    private async Task SubmitSmallJobsAsync(int quality, List<double> times, CancellationToken largeDone, CancellationToken cancellationToken)
    {
        await Task.Delay(FirstSmallJobDelay, largeDone);
        while (!largeDone.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            var job = await SubmitAsync([inputs[0]], quality, cancellationToken);
            await WaitUntilReadyAsync(job, cancellationToken);
            times.Add(started.Elapsed.TotalMilliseconds);
            var rest = SmallJobInterval - started.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, largeDone);
            }
        }
    }

    private async Task PollStatusAsync(string jobId, List<double> times, Action failed, CancellationToken largeDone)
    {
        while (!largeDone.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(largeDone);
            timeout.CancelAfter(StatusTimeout);
            try
            {
                using var response = await http.GetAsync(new Uri($"/status-job/{jobId}", UriKind.Relative), timeout.Token);
                await response.Content.ReadAsByteArrayAsync(timeout.Token);
                times.Add(started.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failed();
                }
            }
            catch (OperationCanceledException) when (!largeDone.IsCancellationRequested)
            {
                times.Add(started.Elapsed.TotalMilliseconds);
                failed();
            }

            await Task.Delay(PollInterval, largeDone);
        }
    }

    private async Task<string> SubmitAsync(IReadOnlyList<InputImage> images, int quality, CancellationToken cancellationToken) =>
        (await JobRunner.SubmitAsync(http, options, images, quality, cancellationToken)).JobId;

    private async Task WaitUntilReadyAsync(string jobId, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using (var response = await http.GetAsync(new Uri($"/status-job/{jobId}", UriKind.Relative), cancellationToken))
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    using var status = JsonDocument.Parse(body);
                    if (status.RootElement.GetProperty("all_ready").GetBoolean())
                    {
                        return;
                    }
                }
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"Job {jobId} was not ready after {ReadyTimeout}.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // the large job ended
        }
    }
}
