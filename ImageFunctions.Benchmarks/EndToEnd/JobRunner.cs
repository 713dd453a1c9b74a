using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>What one run measured; times in milliseconds from the start of the first upload.</summary>
/// <param name="SubmitMs">Until the last job's 202.</param>
/// <param name="ReadyMs">Until the last job's status said <c>all_ready</c>.</param>
/// <param name="WithZipMs">Until the last job's ZIP was downloaded.</param>
/// <param name="Images">Images processed in the run (all jobs).</param>
/// <param name="ZipBytes">Bytes downloaded (all ZIPs).</param>
/// <param name="PeakRssBytes">The host's highest resident set during the run; null when not measured.</param>
internal sealed record RunResult(double SubmitMs, double ReadyMs, double WithZipMs, int Images, long ZipBytes, long? PeakRssBytes)
{
    /// <summary>Images per second, ZIP download included.</summary>
    public double ImagesPerSecond => Images / (WithZipMs / 1000);
}

/// <summary>
/// Runs jobs over HTTP as a client would: <c>POST /process-job</c> (multipart, one <c>files</c> part per image, streamed
/// from disk), poll <c>GET /status-job/{id}</c> until <c>all_ready</c>, download <c>GET /download/{id}</c> and check it.
/// </summary>
internal sealed class JobRunner(HttpClient http, E2eOptions options, IReadOnlyList<InputImage> inputs, string downloadFolder)
{
    /// <summary>Pause between two status polls.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Longest wait for one job (1000 images at the current ~60 ms per image take about a minute).</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(30);

    /// <summary>Longest status document quoted in an error.</summary>
    private const int MaxQuotedChars = 20_000;

    /// <summary>Runs <see cref="E2eOptions.Jobs"/> jobs at once for run <paramref name="run"/> (0 = warm-up) and measures them.</summary>
    /// <param name="run">Selects the jobs' quality values, see <see cref="E2eOptions.QualityOf"/>.</param>
    /// <param name="hostProcessId">Host to sample the resident set of; null: not measured.</param>
    /// <param name="cancellationToken">Ctrl+C, or the host died.</param>
    public async Task<RunResult> RunAsync(int run, int? hostProcessId, CancellationToken cancellationToken)
    {
        await using var sampler = hostProcessId is { } pid ? RssSampler.Start(pid) : null;
        var clock = Stopwatch.StartNew();
        var jobs = await Task.WhenAll(Enumerable.Range(0, options.Jobs)
            .Select(job => RunJobAsync(options.QualityOf(run, job), clock, cancellationToken)));
        var peak = sampler is null ? null : await sampler.StopAsync();
        return new RunResult(
            jobs.Max(j => j.SubmitMs),
            jobs.Max(j => j.ReadyMs),
            jobs.Max(j => j.WithZipMs),
            jobs.Sum(j => j.Images),
            jobs.Sum(j => j.ZipBytes),
            peak);
    }

    private async Task<JobTiming> RunJobAsync(int quality, Stopwatch clock, CancellationToken cancellationToken)
    {
        var (jobId, statusUrl, downloadUrl) = await SubmitAsync(http, options, inputs, quality, cancellationToken);
        var submitMs = clock.Elapsed.TotalMilliseconds;
        var succeeded = await WaitUntilReadyAsync(jobId, statusUrl, cancellationToken);
        var readyMs = clock.Elapsed.TotalMilliseconds;
        var zipPath = Path.Combine(downloadFolder, $"{jobId}.zip");
        try
        {
            var zipBytes = await DownloadAsync(downloadUrl, zipPath, cancellationToken);
            var withZipMs = clock.Elapsed.TotalMilliseconds;
            CheckZip(jobId, zipPath, succeeded);
            return new JobTiming(submitMs, readyMs, withZipMs, succeeded, zipBytes);
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    /// <summary>Sends one job of <paramref name="images"/> with the run's filter and format; anything but 202 throws.</summary>
    internal static async Task<(string JobId, Uri StatusUrl, Uri DownloadUrl)> SubmitAsync(
        HttpClient http, E2eOptions options, IReadOnlyList<InputImage> images, int quality, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent();
        foreach (var input in images)
        {
            form.Add(new FileUploadContent(input), "files", input.FileName);
        }

        var query = string.Create(
            CultureInfo.InvariantCulture,
            $"/process-job?filter={Uri.EscapeDataString(options.Filter)}&format={options.Format}&quality={quality}");
        using var response = await http.PostAsync(new Uri(query, UriKind.Relative), form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"POST {query} answered {(int)response.StatusCode} instead of 202: {Quote(body)}");
        }

        using var accepted = JsonDocument.Parse(body);
        var root = accepted.RootElement;
        return (
            root.GetProperty("job_id").GetString()!,
            new Uri(root.GetProperty("status_url").GetString()!, UriKind.Relative),
            new Uri(root.GetProperty("download_url").GetString()!, UriKind.Relative));
    }

    /// <summary>Polls until <c>all_ready</c>; returns <c>progress.succeeded</c>, which must equal the image count.</summary>
    private async Task<int> WaitUntilReadyAsync(string jobId, Uri statusUrl, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string body;
        while (true)
        {
            using (var response = await http.GetAsync(statusUrl, cancellationToken))
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"GET {statusUrl} answered {(int)response.StatusCode}: {Quote(body)}");
                }
            }

            using var status = JsonDocument.Parse(body);
            if (status.RootElement.GetProperty("all_ready").GetBoolean())
            {
                var succeeded = status.RootElement.GetProperty("progress").GetProperty("succeeded").GetInt32();
                if (succeeded != inputs.Count)
                {
                    throw new InvalidOperationException(
                        $"Job {jobId}: {succeeded.ToString(CultureInfo.InvariantCulture)} of {inputs.Count.ToString(CultureInfo.InvariantCulture)} images succeeded. Status document:{Environment.NewLine}{Quote(body)}");
                }

                return succeeded;
            }

            if (deadline.Elapsed > ReadyTimeout)
            {
                throw new TimeoutException($"Job {jobId} was not ready after {ReadyTimeout}. Last status document:{Environment.NewLine}{Quote(body)}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Downloads the whole ZIP to <paramref name="path"/> (not into memory: it may hold 1000 images); returns its length.</summary>
    private async Task<long> DownloadAsync(Uri downloadUrl, string path, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(downloadUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"GET {downloadUrl} answered {(int)response.StatusCode}: {Quote(await response.Content.ReadAsStringAsync(cancellationToken))}");
        }

        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81_920, FileOptions.Asynchronous);
        await response.Content.CopyToAsync(file, cancellationToken);
        return file.Length;
    }

    private static void CheckZip(string jobId, string path, int expectedEntries)
    {
        try
        {
            using var file = File.OpenRead(path);
            using var zip = new ZipArchive(file, ZipArchiveMode.Read);
            if (zip.Entries.Count != expectedEntries)
            {
                throw new InvalidOperationException(
                    $"Job {jobId}: the ZIP holds {zip.Entries.Count.ToString(CultureInfo.InvariantCulture)} entries, expected {expectedEntries.ToString(CultureInfo.InvariantCulture)} (one per succeeded image).");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new InvalidOperationException($"Job {jobId}: the download is not a valid ZIP: {ex.Message}", ex);
        }
    }

    private sealed record JobTiming(double SubmitMs, double ReadyMs, double WithZipMs, int Images, long ZipBytes);

    private static string Quote(string text) =>
        text.Length <= MaxQuotedChars ? text : string.Concat(text.AsSpan(0, MaxQuotedChars), $" ... ({text.Length.ToString(CultureInfo.InvariantCulture)} chars in all)");
}
