using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ImageFunctions.Api.Contracts;

namespace ImageFunctions.Tests.Standalone;

/// <summary>An uploaded file: its name and bytes.</summary>
public sealed record UploadFile(string Name, byte[] Content);

/// <summary>The job API as a client sees it: plain HTTP calls against a running host.</summary>
public sealed class JobApi(HttpClient http)
{
    public HttpClient Http { get; } = http;

    /// <summary>POST /process-job with every file as a repeated <c>files</c> part.</summary>
    public async Task<HttpResponseMessage> PostJobAsync(IEnumerable<UploadFile> files, string filter)
    {
        using var form = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(part, "files", file.Name);
        }

        return await Http.PostAsync($"/process-job?filter={Uri.EscapeDataString(filter)}", form);
    }

    /// <summary>Submits and expects 202.</summary>
    public async Task<JobAcceptedResponse> SubmitAsync(IEnumerable<UploadFile> files, string filter)
    {
        using var response = await PostJobAsync(files, filter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /process-job: {(int)response.StatusCode} {body}");
        return System.Text.Json.JsonSerializer.Deserialize<JobAcceptedResponse>(body)!;
    }

    /// <summary>Polls GET /status-job/{id} until <c>all_ready</c> and the job itself has left pending/running.</summary>
    public async Task<JobStatusResponse> WaitUntilReadyAsync(string jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JobStatusResponse? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync($"/status-job/{jobId}");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    last = await response.Content.ReadFromJsonAsync<JobStatusResponse>();
                    if (last is { AllReady: true } && last.Status is not (JobStatuses.Pending or JobStatuses.Running))
                    {
                        return last;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // The host may be restarting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Job {jobId} was not ready after {timeout}; last status: {last?.Status} {last?.Progress}");
    }

    /// <summary>GET /download/{id}, expecting a ZIP (honouring 409 + Retry-After for a while): entry name to bytes.</summary>
    public async Task<Dictionary<string, byte[]>> DownloadAsync(string jobId)
    {
        var response = await Http.GetAsync($"/download/{jobId}");
        for (var attempt = 0; response.StatusCode == HttpStatusCode.Conflict && attempt < 30; attempt++)
        {
            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            response.Dispose();
            await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait);
            response = await Http.GetAsync($"/download/{jobId}");
        }

        using var _ = response;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            await using var content = entry.Open();
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            entries[entry.FullName] = copy.ToArray();
        }

        return entries;
    }
}
