using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Benchmarks.EndToEnd;

namespace ImageFunctions.Benchmarks.Load.Faults;

/// <summary>The fault cases about the work itself: a metadata bomb, fair scheduling between jobs, <c>kill -9</c> mid-job.</summary>
internal static class WorkloadFaults
{
    /// <summary>Images in the large job of the fairness case.</summary>
    private const int LargeJobImages = 100;

    /// <summary>Images in the job that is killed and restarted.</summary>
    private const int CrashJobImages = 60;

    /// <summary>One 25 MB JPEG of 380 APP1 (EXIF) segments: the answer, its time and the host's peak RSS meanwhile.</summary>
    public static async Task MetadataBombAsync(FaultHost host, FaultReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(report);
        var bomb = new LoadFile("bomb.jpg", MetadataCost.WithSegments(380, 0xE1, "Exif\0\0II*\0"u8), "image/jpeg");
        var sampler = RssSampler.Start(host.Process.Id);
        var (answer, jobId) = await FaultJobs.SubmitAsync(host.Http, [bomb], "filter=blur", FaultJobs.RequestTimeout, cancellationToken);
        var outcome = answer.Describe();
        if (jobId is not null)
        {
            var clock = Stopwatch.StartNew();
            var status = await FaultJobs.WaitUntilReadyAsync(host.Http, jobId, TimeSpan.FromSeconds(120), cancellationToken);
            outcome += status is null ? ", then not ready within 120 s" : $", then {status.Status} after {FaultJobs.Seconds(clock.Elapsed)}";
        }
        else if (answer.IsProblem)
        {
            outcome += ": " + Title(answer);
        }

        var peak = await sampler.StopAsync();
        await sampler.DisposeAsync();
        report.Add("metadata bomb (JPEG, 380 APP1 segments, " + (bomb.Bytes.Length / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB)", $"{outcome}; host peak RSS {FaultJobs.MiB(peak)}");
    }

    /// <summary>A 1-image job submitted while a 100-image job runs: its completion time, and the status calls' times meanwhile.</summary>
    public static async Task FairnessAsync(FaultHost host, string backend, FaultReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(report);
        var name = $"1-image job beside a 100-image job ({backend})";
        var large = FaultJobs.Jpegs(LargeJobImages, 640, 480, 1000);
        var small = FaultJobs.Jpegs(1, 640, 480, 5000);
        var (answer, largeJob) = await FaultJobs.SubmitAsync(host.Http, large, "filter=blur&format=jpeg&quality=85", FaultJobs.RequestTimeout, cancellationToken);
        if (largeJob is null)
        {
            report.Add(name, $"the large job was not accepted: {answer.Describe()}");
            return;
        }

        var largeClock = Stopwatch.StartNew();
        var running = await FaultJobs.WaitUntilReadyAsync(host.Http, largeJob, TimeSpan.FromSeconds(60), cancellationToken, s => !s.Results.Any(r => r.Status is "STARTED" or "SUCCESS"));
        if (running is null || running.AllReady)
        {
            report.Add(name, running is null ? "the large job did not start within 60 s" : "the large job finished before the small one could be sent");
            return;
        }

        // Poll the large job's status all along, as a client would, and time every call.
        var statusTimes = new List<double>();
        var statusFailures = 0;
        using var stopPolling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poller = Task.Run(
            async () =>
            {
                var limit = Stopwatch.StartNew();
                while (!stopPolling.IsCancellationRequested && limit.Elapsed < TimeSpan.FromSeconds(180))
                {
                    var status = await LoadHttp.GetAsync(host.Http, $"/status-job/{largeJob}", FaultJobs.RequestTimeout, CancellationToken.None);
                    lock (statusTimes)
                    {
                        statusTimes.Add(status.Milliseconds);
                        statusFailures += status.Status == 200 ? 0 : 1;
                    }

                    if (status.Status == 200 && JsonSerializer.Deserialize<JobStatusResponse>(status.Body)!.AllReady)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(50, stopPolling.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
            },
            CancellationToken.None);

        var smallClock = Stopwatch.StartNew();
        var (smallAnswer, smallJob) = await FaultJobs.SubmitAsync(host.Http, small, "filter=blur&format=jpeg&quality=85", FaultJobs.RequestTimeout, cancellationToken);
        var smallStatus = smallJob is null ? null : await FaultJobs.WaitUntilReadyAsync(host.Http, smallJob, TimeSpan.FromSeconds(120), cancellationToken);
        var smallTime = smallClock.Elapsed;
        await poller.WaitAsync(TimeSpan.FromSeconds(200), cancellationToken);
        await stopPolling.CancelAsync();
        var largeTime = largeClock.Elapsed;
        Percentiles times;
        lock (statusTimes)
        {
            times = Percentiles.Of(statusTimes);
        }

        var smallFigure = smallJob is null ? $"small job refused: {smallAnswer.Describe()}"
            : smallStatus is null ? "small job not ready within 120 s"
            : $"small job done in {FaultJobs.Seconds(smallTime)}";
        report.Add(name, string.Create(
            CultureInfo.InvariantCulture,
            $"{smallFigure}; large job done {FaultJobs.Seconds(largeTime)} after it started; status p50/p95 {times} (max {statusTimes.DefaultIfEmpty().Max():0} ms, {times.Count} calls, {statusFailures} not 200)"));
    }

    /// <summary>
    /// Azure Storage backend: a 60-image job, the host killed with SIGKILL while images are in flight, a new host started on
    /// the same task hub: the time until the job is ready and whether every image is there exactly once.
    /// </summary>
    public static async Task CrashAndRestartAsync(RepositoryPaths paths, string folder, FaultServices services, FaultReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(report);
        const string Name = "kill -9 and restart mid-job (azure)";
        var images = FaultJobs.Jpegs(CrashJobImages, 1600, 1200, 7000);
        string jobId;
        IReadOnlyDictionary<string, string?> environment;
        int inFlight;
        int doneAtKill;
        var killClock = new Stopwatch();
        await using (var first = await FaultHost.StartAsync(paths, folder, services.Storage, services.Redis, cancellationToken))
        {
            environment = first.Environment;
            var (answer, id) = await FaultJobs.SubmitAsync(first.Http, images, "filter=blur&format=jpeg&quality=85", FaultJobs.RequestTimeout, cancellationToken);
            if (id is null)
            {
                report.Add(Name, $"the job was not accepted: {answer.Describe()}");
                return;
            }

            jobId = id;
            var atKill = await FaultJobs.WaitUntilReadyAsync(first.Http, jobId, TimeSpan.FromSeconds(120), cancellationToken, s => !s.Results.Any(r => r.Status == "SUCCESS"));
            if (atKill is null || atKill.AllReady)
            {
                report.Add(Name, atKill is null ? "no image finished within 120 s" : "the job finished before the host could be killed");
                return;
            }

            inFlight = atKill.Results.Count(r => r.Status == "STARTED");
            doneAtKill = atKill.Results.Count(r => r.Status == "SUCCESS");
            await first.Process.StopAsync(); // SIGKILL to the whole tree
            killClock.Start();
        }

        await using var second = await FaultHost.StartAsync(paths, environment, cancellationToken);
        var restartTime = killClock.Elapsed;
        var status = await FaultJobs.WaitUntilReadyAsync(second.Http, jobId, TimeSpan.FromSeconds(240), cancellationToken);
        var readyTime = killClock.Elapsed;
        if (status is null)
        {
            report.Add(Name, $"killed with {doneAtKill} done and {inFlight} in flight; restarted in {FaultJobs.Seconds(restartTime)}; not ready within 240 s");
            return;
        }

        var entries = await FaultJobs.ZipEntriesAsync(second.Http, jobId, cancellationToken);
        var names = status.Results.Select(r => r.FileName).ToList();
        var exactlyOnce = names.Count == CrashJobImages && names.Distinct(StringComparer.Ordinal).Count() == CrashJobImages
            && status.Progress.Succeeded == CrashJobImages && entries is { Count: CrashJobImages } && entries.Distinct(StringComparer.Ordinal).Count() == CrashJobImages;
        report.Add(Name, string.Create(
            CultureInfo.InvariantCulture,
            $"killed with {doneAtKill} done and {inFlight} in flight; host back in {FaultJobs.Seconds(restartTime)}; job {status.Status} {FaultJobs.Seconds(readyTime)} after the kill; succeeded {status.Progress.Succeeded}/{CrashJobImages}, ZIP entries {(entries is null ? "unreadable" : entries.Count.ToString(CultureInfo.InvariantCulture))}: {(exactlyOnce ? "every image exactly once" : "NOT exactly once")}"));
    }

    private static string Title(LoadAnswer answer)
    {
        try
        {
            using var problem = JsonDocument.Parse(answer.Body);
            return problem.RootElement.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty;
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }
    }
}
