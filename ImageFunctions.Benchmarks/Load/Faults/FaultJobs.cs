using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using ImageFunctions.Api.Contracts;

namespace ImageFunctions.Benchmarks.Load.Faults;

/// <summary>The job calls the fault cases share: submit, poll until ready, count the ZIP's entries; each bounded.</summary>
internal static class FaultJobs
{
    /// <summary>Longest wait for one answer in the fault cases unless a case says otherwise.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Distinct pictures of <paramref name="width"/> × <paramref name="height"/> as JPEG q90 (seeded by <paramref name="seed"/>).</summary>
    public static IReadOnlyList<LoadFile> Jpegs(int count, int width, int height, int seed) =>
        [.. Enumerable.Range(0, count).AsParallel().AsOrdered().Select(i => LoadPlan.Picture(seed + i, i, 0, width, height))];

    /// <summary>Builds a multipart body of <paramref name="files"/>.</summary>
    public static MultipartFormDataContent Form(IEnumerable<LoadFile> files)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            form.Add(part, "files", file.Name);
        }

        return form;
    }

    /// <summary>POSTs a job; the job id is null unless the answer was 202.</summary>
    public static async Task<(LoadAnswer Answer, string? JobId)> SubmitAsync(
        HttpClient http, IReadOnlyList<LoadFile> files, string query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var answer = await LoadHttp.SendAsync(
            http, () => new HttpRequestMessage(HttpMethod.Post, new Uri("/process-job?" + query, UriKind.Relative)) { Content = Form(files) }, timeout, cancellationToken);
        return (answer, answer.Status == 202 ? JsonSerializer.Deserialize<JobAcceptedResponse>(answer.Body)!.JobId : null);
    }

    /// <summary>Polls the status every 50 ms until <c>all_ready</c> or <paramref name="timeout"/>; null when not ready by then.</summary>
    /// <param name="onStatus">Called with every status document (e.g. to decide when to kill the host).</param>
    public static async Task<JobStatusResponse?> WaitUntilReadyAsync(
        HttpClient http, string jobId, TimeSpan timeout, CancellationToken cancellationToken, Func<JobStatusResponse, bool>? onStatus = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var answer = await LoadHttp.GetAsync(http, $"/status-job/{jobId}", RequestTimeout, cancellationToken);
            if (answer.Status == 200)
            {
                var status = JsonSerializer.Deserialize<JobStatusResponse>(answer.Body)!;
                if (status.AllReady || (onStatus is not null && !onStatus(status)))
                {
                    return status;
                }
            }

            await Task.Delay(50, cancellationToken);
        }

        return null;
    }

    /// <summary>The ZIP's entry names (waiting out 409 while the orchestration records its end), or null when it cannot be read.</summary>
    public static async Task<IReadOnlyList<string>?> ZipEntriesAsync(HttpClient http, string jobId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RequestTimeout)
        {
            var answer = await LoadHttp.GetAsync(http, $"/download/{jobId}", RequestTimeout, cancellationToken);
            if (answer.Status == 200)
            {
                using var zip = new ZipArchive(new MemoryStream(answer.Body), ZipArchiveMode.Read);
                return [.. zip.Entries.Select(e => e.FullName)];
            }

            if (answer.Status != 409)
            {
                return null;
            }

            await Task.Delay(100, cancellationToken);
        }

        return null;
    }

    /// <summary><c>1.23 s</c>.</summary>
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary><c>123 MiB</c>, or <c>?</c>.</summary>
    public static string MiB(long? bytes) => bytes is { } value ? (value / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) + " MiB" : "?";
}
