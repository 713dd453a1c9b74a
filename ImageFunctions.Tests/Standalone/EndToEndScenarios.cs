using System.Diagnostics;
using System.Net;
using ImageFunctions.Api.Contracts;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.Standalone;

/// <summary>The end-to-end scenarios, run against any running host (in-memory or Azure Storage + Redis).</summary>
public static class EndToEndScenarios
{
    public const string Chain = "grayscale,edges";

    /// <summary>20 images through the whole way: upload, poll, ZIP; every entry equals the engine's own output.</summary>
    public static async Task TwentyImagesAsync(JobApi api, ITestOutputHelper output, string backend)
    {
        var inputs = UploadFiles.Pngs(20);
        var clock = Stopwatch.StartNew();

        var accepted = await api.SubmitAsync(inputs, Chain);
        var submitted = clock.Elapsed;
        var status = await api.WaitUntilReadyAsync(accepted.JobId, TimeSpan.FromMinutes(3));
        var ready = clock.Elapsed;
        var zip = await api.DownloadAsync(accepted.JobId);
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

    /// <summary>One corrupt image among good ones: the job completes, status names the failure, the ZIP holds the rest.</summary>
    public static async Task OneCorruptImageAsync(JobApi api)
    {
        var inputs = UploadFiles.Pngs(5, seed: 3).Append(UploadFiles.CorruptPng("broken.png")).ToArray();

        var accepted = await api.SubmitAsync(inputs, Chain);
        var status = await api.WaitUntilReadyAsync(accepted.JobId, TimeSpan.FromMinutes(2));
        var zip = await api.DownloadAsync(accepted.JobId);

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
