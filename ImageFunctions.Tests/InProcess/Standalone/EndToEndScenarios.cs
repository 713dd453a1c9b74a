using System.Diagnostics;
using System.Net;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Jobs;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.InProcess.Standalone;

/// <summary>The end-to-end scenarios, run against any running host (in-memory or Azure Storage + Redis).</summary>
public static class EndToEndScenarios
{
    public const string Chain = "grayscale,edges";

    /// <summary>The image count of <see cref="LargeJobAsync"/>; a host running it needs <c>MaxFiles</c> at least this.</summary>
    public const int LargeJobImages = 1000;

    /// <summary>20 images through the whole way: upload, poll, ZIP; every entry equals the engine's own output.</summary>
    public static async Task TwentyImagesAsync(JobApi api, ITestOutputHelper output, string backend)
    {
        var inputs = UploadFiles.Pngs(20);
        var clock = Stopwatch.StartNew();

        var accepted = await api.SubmitAsync(inputs, Chain);
        var submitted = clock.Elapsed;
        var status = await api.WaitUntilReadyAsync(accepted.JobId, TimeSpan.FromMinutes(3));
        var ready = clock.Elapsed;
        var zip = await api.DownloadZipAsync(accepted.JobId);
        output.WriteLine($"{backend}: 20 images: submit {submitted.TotalMilliseconds:0} ms, all ready {ready.TotalMilliseconds:0} ms, with ZIP {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(20, accepted.TaskIds.Count);
        Assert.Equal(JobStatuses.Completed, status.Status);
        Assert.True(status.AllSuccessful);
        Assert.Equal(20, status.Progress.Succeeded);
        Assert.Equal(inputs.Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        foreach (var input in inputs)
        {
            TestImages.AssertSamePixels(UploadFiles.Expected(input, Chain), zip[input.Name], input.Name);
        }
    }

    /// <summary>
    /// A job of <see cref="LargeJobImages"/> small images completes: every image succeeds and the ZIP holds every result
    /// (a sample of them compared with the engine's output). One orchestration fans out that many activities.
    /// </summary>
    public static async Task LargeJobAsync(JobApi api, ITestOutputHelper output)
    {
        var inputs = UploadFiles.Pngs(LargeJobImages, seed: 5);
        var clock = Stopwatch.StartNew();

        var accepted = await api.SubmitAsync(inputs, "invert");
        var submitted = clock.Elapsed;
        var status = await api.WaitUntilReadyAsync(accepted.JobId, TimeSpan.FromMinutes(5));
        var ready = clock.Elapsed;
        var zip = await api.DownloadZipAsync(accepted.JobId);
        output.WriteLine($"{LargeJobImages} images: submit {submitted.TotalMilliseconds:0} ms, all ready {ready.TotalMilliseconds:0} ms, with ZIP {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(JobStatuses.Completed, status.Status);
        Assert.Equal(LargeJobImages, status.Progress.Succeeded);
        Assert.All(status.Results, result => Assert.Equal(ImageStatuses.Success, result.Status));
        Assert.Equal(inputs.Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        foreach (var input in inputs.Where((_, index) => index % 97 == 0))
        {
            TestImages.AssertSamePixels(UploadFiles.Expected(input, "invert"), zip[input.Name], input.Name);
        }
    }

    /// <summary>Ten jobs of twenty images submitted at once all complete, each with its own twenty results.</summary>
    public static async Task ConcurrentJobsAsync(JobApi api, ITestOutputHelper output)
    {
        var jobs = Enumerable.Range(0, 10).Select(job => UploadFiles.Pngs(20, seed: 20 + job)).ToArray();
        var clock = Stopwatch.StartNew();

        var accepted = await Task.WhenAll(jobs.Select(inputs => api.SubmitAsync(inputs, Chain)));
        var statuses = await Task.WhenAll(accepted.Select(job => api.WaitUntilReadyAsync(job.JobId, TimeSpan.FromMinutes(3))));
        output.WriteLine($"10 jobs x 20 images: all ready after {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(10, accepted.Select(job => job.JobId).Distinct(StringComparer.Ordinal).Count());
        for (var job = 0; job < jobs.Length; job++)
        {
            Assert.Equal(JobStatuses.Completed, statuses[job].Status);
            Assert.Equal(20, statuses[job].Progress.Succeeded);
            var zip = await api.DownloadZipAsync(accepted[job].JobId);
            Assert.Equal(jobs[job].Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
            var first = jobs[job][0];
            TestImages.AssertSamePixels(UploadFiles.Expected(first, Chain), zip[first.Name], first.Name);
        }
    }

    /// <summary>One corrupt image among good ones: the job completes, status names the failure, the ZIP holds the rest.</summary>
    public static async Task OneCorruptImageAsync(JobApi api)
    {
        var inputs = UploadFiles.Pngs(5, seed: 3).Append(UploadFiles.CorruptPng("broken.png")).ToArray();

        var accepted = await api.SubmitAsync(inputs, Chain);
        var status = await api.WaitUntilReadyAsync(accepted.JobId, TimeSpan.FromMinutes(2));
        var zip = await api.DownloadZipAsync(accepted.JobId);

        Assert.Equal(JobStatuses.CompletedWithErrors, status.Status);
        Assert.False(status.AllSuccessful);
        Assert.Equal(1, status.Progress.Failed);
        var broken = Assert.Single(status.Results, r => r.FileName == "broken.png");
        Assert.Equal(ImageStatuses.Failure, broken.Status);
        Assert.False(string.IsNullOrWhiteSpace(broken.Error));
        Assert.Equal(inputs.Take(5).Select(i => i.Name).Order(StringComparer.Ordinal), zip.Keys.Order(StringComparer.Ordinal));
        foreach (var input in inputs.Take(5))
        {
            TestImages.AssertSamePixels(UploadFiles.Expected(input, Chain), zip[input.Name], input.Name);
        }
    }

    /// <summary>/docs and /openapi.json answer; bad requests get problem+json.</summary>
    public static async Task DocsAndProblemsAsync(JobApi api)
    {
        using (var docs = await api.Http.GetAsync("/docs"))
        {
            Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
            Assert.Equal("text/html", docs.Content.Headers.ContentType?.MediaType);
        }

        using (var openApi = await api.Http.GetAsync("/openapi.json"))
        {
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
            Assert.Contains("/process-job", await openApi.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var unknownFilter = await api.PostJobAsync(UploadFiles.Pngs(1), "no_such_filter"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unknownFilter.StatusCode);
            Assert.Equal("application/problem+json", unknownFilter.Content.Headers.ContentType?.MediaType);
        }

        using (var noFiles = await api.PostJobAsync([], "blur"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noFiles.StatusCode);
            Assert.Equal("application/problem+json", noFiles.Content.Headers.ContentType?.MediaType);
        }

        using (var unknownJob = await api.Http.GetAsync("/status-job/0123456789abcdef0123456789abcdef"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
            Assert.Equal("application/problem+json", unknownJob.Content.Headers.ContentType?.MediaType);
        }
    }
}
