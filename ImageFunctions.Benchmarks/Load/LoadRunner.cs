using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Benchmarks.EndToEnd;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>How a load run is shaped and bounded.</summary>
/// <param name="Submissions">Submissions in all (see <see cref="LoadPlan"/> for the mix).</param>
/// <param name="Clients">Clients sending at once; each sends one submission, follows it to its end, then takes the next.</param>
/// <param name="RequestTimeout">Longest wait for any one answer.</param>
/// <param name="JobTimeout">Longest wait for an accepted job to be ready and downloadable.</param>
/// <param name="TotalTimeout">Longest run: after it no submission is started and the running ones are cut off (and reported).</param>
internal sealed record LoadRunOptions(int Submissions, int Clients, TimeSpan RequestTimeout, TimeSpan JobTimeout, TimeSpan TotalTimeout)
{
    /// <summary>Pause between two status polls of one job.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(20);
}

/// <summary>
/// Drives a running host over HTTP with the mix of <see cref="LoadPlan"/> from several clients at once. A bad input must
/// be a 4xx problem+json; a good job is polled until <c>all_ready</c> and then checked image by image: the status lists
/// every uploaded file exactly once, the counts add up, the ZIP holds exactly the successful images and each one answers
/// <c>GET /images/{job}/{name}</c>. No answer may be a 5xx or show a stack trace. Every wait is bounded.
/// </summary>
internal sealed class LoadRunner(HttpClient http, LoadRunOptions options)
{
    /// <summary>Runs the load; samples the resident set of <paramref name="hostProcessId"/> when given.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (Ctrl+C).</exception>
    public async Task<LoadResult> RunAsync(int? hostProcessId, CancellationToken cancellationToken)
    {
        var maxFiles = await ReadMaxFilesAsync(cancellationToken);
        var plan = LoadPlan.Create(options.Submissions, maxFiles);
        var result = new LoadResult { Planned = plan.Count };
        var sampler = hostProcessId is { } pid ? RssSampler.Start(pid) : null;
        var clock = Stopwatch.StartNew();
        using var total = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        total.CancelAfter(options.TotalTimeout);
        var next = -1;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, options.Clients).Select(_ => Task.Run(
                async () =>
                {
                    for (var i = Interlocked.Increment(ref next); i < plan.Count && !total.IsCancellationRequested; i = Interlocked.Increment(ref next))
                    {
                        try
                        {
                            await RunOneAsync(plan[i], result, total.Token);
                        }
                        catch (OperationCanceledException) when (total.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                        {
                            result.UnfinishedJob(0, $"{plan[i]}: cut off when the total time of {options.TotalTimeout.TotalSeconds:0} s ran out");
                        }
                    }
                },
                CancellationToken.None)));
        }
        finally
        {
            result.Elapsed = clock.Elapsed;
            if (sampler is not null)
            {
                result.PeakRssBytes = await sampler.StopAsync();
                await sampler.DisposeAsync();
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private async Task<int> ReadMaxFilesAsync(CancellationToken cancellationToken)
    {
        var answer = await LoadHttp.GetAsync(http, "/limits", options.RequestTimeout, cancellationToken);
        if (answer.Status != 200)
        {
            throw new InvalidOperationException($"GET /limits answered {answer.Describe()}: {answer.Text}");
        }

        return JsonSerializer.Deserialize<LimitsResponse>(answer.Body)!.MaxFiles;
    }

    private async Task RunOneAsync(LoadSubmission submission, LoadResult result, CancellationToken cancellationToken)
    {
        result.CountSent();
        var started = Stopwatch.StartNew();
        var answer = await LoadHttp.SendAsync(
            http,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri("/process-job?" + submission.Query, UriKind.Relative)) { Content = submission.CreateContent() },
            options.RequestTimeout,
            cancellationToken);
        result.RecordSubmit(submission, answer);
        var what = $"POST {submission}";
        if (!result.Observe(what, answer))
        {
            if (submission.ExpectAccepted)
            {
                result.LostImages(submission.Files.Count, $"{what}: its {submission.Files.Count} images were not accepted");
            }

            return;
        }

        if (!submission.ExpectAccepted)
        {
            if (answer.Status is < 400 or >= 500 || !answer.IsProblem)
            {
                result.Wrong($"{what}: expected a 4xx problem+json, got {answer.Status} {answer.MediaType}: {Shorten(answer.Text)}");
            }

            return;
        }

        if (answer.Status != 202)
        {
            result.Wrong($"{what}: expected 202, got {answer.Status}: {Shorten(answer.Text)}");
            return;
        }

        var jobId = JsonSerializer.Deserialize<JobAcceptedResponse>(answer.Body)!.JobId;
        var status = await WaitUntilReadyAsync(submission, jobId, result, cancellationToken);
        if (status is null)
        {
            return;
        }

        result.RecordCompletion(started.Elapsed.TotalMilliseconds);
        await VerifyAsync(submission, jobId, status, result, cancellationToken);
    }

    private async Task<JobStatusResponse?> WaitUntilReadyAsync(LoadSubmission submission, string jobId, LoadResult result, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < options.JobTimeout)
        {
            var answer = await LoadHttp.GetAsync(http, $"/status-job/{jobId}", options.RequestTimeout, cancellationToken);
            result.RecordStatusCall(answer.Milliseconds);
            var what = $"GET /status-job/{jobId} ({submission})";
            if (result.Observe(what, answer))
            {
                if (answer.Status != 200)
                {
                    result.Wrong($"{what}: {answer.Status}: {Shorten(answer.Text)}");
                    result.LostImages(submission.Files.Count, $"{what}: the job's images are gone");
                    return null;
                }

                var status = JsonSerializer.Deserialize<JobStatusResponse>(answer.Body)!;
                if (status.AllReady)
                {
                    if (status.Status is JobStatuses.Pending or JobStatuses.Running)
                    {
                        result.StatusLag();
                    }

                    return status;
                }
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }

        result.UnfinishedJob(submission.Files.Count, $"{submission}: job {jobId} not ready within {options.JobTimeout.TotalSeconds:0} s");
        return null;
    }

    private async Task VerifyAsync(LoadSubmission submission, string jobId, JobStatusResponse status, LoadResult result, CancellationToken cancellationToken)
    {
        var what = $"{submission} job {jobId}";
        var uploaded = submission.Files.Select(f => f.Name).ToList();
        var listed = status.Results.GroupBy(r => r.FileName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = uploaded.Count(name => !listed.ContainsKey(name));
        if (missing > 0)
        {
            result.LostImages(missing, $"{what}: {missing} uploaded files are not in the status");
        }

        var repeated = listed.Values.Sum(count => count - 1) + listed.Keys.Count(name => !uploaded.Contains(name));
        if (repeated > 0)
        {
            result.DuplicatedImages(repeated, $"{what}: {repeated} extra or repeated entries in the status");
        }

        var progress = status.Progress;
        if (progress.Total != uploaded.Count || progress.Succeeded + progress.Failed != progress.Total || progress.Pending != 0
            || status.Results.Any(r => !r.Ready) || status.Results.Count(r => r.Successful) != progress.Succeeded)
        {
            result.Wrong($"{what}: the counts do not add up: total {progress.Total}, succeeded {progress.Succeeded}, failed {progress.Failed}, pending {progress.Pending}, {status.Results.Count} results");
        }

        if (submission.Kind == LoadCaseKind.Good && progress.Failed > 0)
        {
            result.Wrong($"{what}: {progress.Failed} good images failed: {string.Join("; ", status.Results.Where(r => !r.Successful).Select(r => r.Error))}");
        }

        var expected = status.Results.Where(r => r.Successful).Select(r => r.OutputName).ToList();
        await VerifyZipAsync(what, jobId, expected, result, cancellationToken);
        foreach (var image in status.Results.Where(r => r.Successful))
        {
            var answer = image.ImageUrl is null
                ? null
                : await LoadHttp.GetAsync(http, image.ImageUrl, options.RequestTimeout, cancellationToken);
            if (answer is null || (result.Observe($"GET {image.ImageUrl}", answer) && (answer.Status != 200 || answer.Body.Length == 0)))
            {
                result.LostImages(1, $"{what}: {image.OutputName} is listed as done but {image.ImageUrl ?? "has no image_url"} answered {answer?.Describe() ?? "nothing"}");
            }
        }

        result.Verified(uploaded.Count);
    }

    private async Task VerifyZipAsync(string what, string jobId, List<string> expected, LoadResult result, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        LoadAnswer answer;
        do
        {
            // 409 while the orchestration records its end (a moment after all_ready).
            answer = await LoadHttp.GetAsync(http, $"/download/{jobId}", options.RequestTimeout, cancellationToken);
            if (answer.Status != 409)
            {
                break;
            }

            await Task.Delay(options.PollInterval, cancellationToken);
        }
        while (deadline.Elapsed < options.JobTimeout);

        if (!result.Observe($"GET /download/{jobId}", answer) || answer.Status != 200)
        {
            result.LostImages(expected.Count, $"{what}: the ZIP answered {answer.Describe()}");
            return;
        }

        List<string> entries;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(answer.Body), ZipArchiveMode.Read);
            entries = [.. zip.Entries.Select(e => e.FullName)];
        }
        catch (InvalidDataException ex)
        {
            result.LostImages(expected.Count, $"{what}: the download is not a ZIP: {ex.Message}");
            return;
        }

        var missing = expected.Except(entries, StringComparer.Ordinal).Count();
        if (missing > 0)
        {
            result.LostImages(missing, $"{what}: {missing} successful images are not in the ZIP");
        }

        var extra = entries.Count - entries.Distinct(StringComparer.Ordinal).Count() + entries.Distinct(StringComparer.Ordinal).Except(expected, StringComparer.Ordinal).Count();
        if (extra > 0)
        {
            result.DuplicatedImages(extra, $"{what}: {extra} repeated or unexpected ZIP entries: {string.Join(", ", entries)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");
}
