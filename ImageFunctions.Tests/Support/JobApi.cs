using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageFunctions.Api.Contracts;

namespace ImageFunctions.Tests.Support;

/// <summary>An uploaded file: its name and bytes.</summary>
public sealed record UploadFile(string Name, byte[] Content);

/// <summary>What one HTTP call answered: status, headers (response and content), content type and the whole body.</summary>
public sealed record ApiResponse(int Status, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Text => System.Text.Encoding.UTF8.GetString(Body);

    /// <summary>The header's values joined by ", "; empty when absent.</summary>
    public string Header(string name) => Headers.GetValueOrDefault(name) ?? "";

    /// <summary>Asserts an RFC 9457 answer with <paramref name="status"/> and returns its JSON.</summary>
    public JsonElement AssertProblem(int status)
    {
        Assert.True(status == Status, $"Expected {status}, got {Status}: {Text}");
        Assert.Equal("application/problem+json", ContentType?.Split(';')[0]);
        var json = Json;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return json;
    }

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        var headers = response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = await response.Content.ReadAsByteArrayAsync();
        return new ApiResponse((int)response.StatusCode, headers, response.Content.Headers.ContentType?.ToString(), body);
    }
}

/// <summary>The job API as a client sees it: plain HTTP calls against a running host (in process or a child process).</summary>
public sealed class JobApi(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    /// <summary>A client of the host at <paramref name="address"/> that shows redirects instead of following them.</summary>
    public static JobApi For(string address) =>
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });

    public void Dispose() => Http.Dispose();

    /// <summary>Sends <paramref name="request"/> and reads the whole answer.</summary>
    public async Task<ApiResponse> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        return await ApiResponse.ReadAsync(response);
    }

    /// <summary><c>GET {path}</c>, with <c>If-None-Match</c> when given.</summary>
    public Task<ApiResponse> GetAsync(string path, string? ifNoneMatch = null, string? acceptEncoding = null)
    {
        // As typed: no dot-segment or backslash rewriting by the client (a hostile client sends what it wants).
        var uri = new Uri(Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return SendAsync(request);
    }

    /// <summary><c>POST /process-job{query}</c> with the multipart body of <paramref name="request"/>.</summary>
    public Task<ApiResponse> SubmitAsync(MultipartRequest request, string query = "?filter=blur") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "/process-job" + query) { Content = request.Content });

    /// <summary>Submits, asserts 202 and returns the job id.</summary>
    public async Task<string> SubmitJobAsync(MultipartRequest request, string query = "?filter=blur")
    {
        var response = await SubmitAsync(request, query);
        Assert.True(response.Status == (int)HttpStatusCode.Accepted, $"Expected 202, got {response.Status}: {response.Text}");
        return response.Json.GetProperty("job_id").GetString()!;
    }

    /// <summary>POST /process-job with every file as a repeated <c>files</c> part.</summary>
    public Task<HttpResponseMessage> PostJobAsync(IEnumerable<UploadFile> files, string filter)
    {
        var request = new MultipartRequest();
        foreach (var file in files)
        {
            request.File(file.Name, file.Content, contentType: "image/png");
        }

        return Http.PostAsync($"/process-job?filter={Uri.EscapeDataString(filter)}", request.Content);
    }

    /// <summary>Submits and expects 202.</summary>
    public async Task<JobAcceptedResponse> SubmitAsync(IEnumerable<UploadFile> files, string filter)
    {
        using var response = await PostJobAsync(files, filter);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /process-job: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JobAcceptedResponse>(body)!;
    }

    public Task<ApiResponse> StatusAsync(string jobId) => GetAsync($"/status-job/{jobId}");

    public Task<ApiResponse> DownloadAsync(string jobId) => GetAsync($"/download/{jobId}");

    public Task<ApiResponse> DeleteAsync(string jobId) => SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/delete-job/{jobId}"));

    /// <summary><c>GET /images/{jobId}/{fileName}</c>, the name escaped as the status document's <c>image_url</c> escapes it.</summary>
    public Task<ApiResponse> ImageAsync(string jobId, string fileName, string? ifNoneMatch = null) =>
        GetAsync($"/images/{jobId}/{Uri.EscapeDataString(fileName)}", ifNoneMatch);

    public Task<ApiResponse> FiltersAsync() => GetAsync("/filters");

    public Task<ApiResponse> HealthAsync() => GetAsync("/health");

    /// <summary>The output names of a finished job's results, in upload order (from <c>image_url</c>).</summary>
    public async Task<IReadOnlyList<string>> OutputNamesAsync(string jobId)
    {
        var status = await StatusAsync(jobId);
        Assert.Equal((int)HttpStatusCode.OK, status.Status);
        return status.Json.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("image_url").GetString())
            .OfType<string>()
            .Select(url => Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]))
            .ToList();
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
    public async Task<IReadOnlyDictionary<string, byte[]>> DownloadZipAsync(string jobId)
    {
        var response = await DownloadAsync(jobId);
        for (var attempt = 0; response.Status == (int)HttpStatusCode.Conflict && attempt < 30; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(2, int.TryParse(response.Header("Retry-After"), out var s) ? s : 1)));
            response = await DownloadAsync(jobId);
        }

        Assert.Equal((int)HttpStatusCode.OK, response.Status);
        return ZipEntries(response.Body);
    }

    /// <summary>Every entry of a ZIP body, by name.</summary>
    public static IReadOnlyDictionary<string, byte[]> ZipEntries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            using var content = entry.Open();
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            entries.Add(entry.FullName, copy.ToArray());
        }

        return entries;
    }
}
