using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using ImageFunctions.Api;
using ImageFunctions.Storage;
using ImageFunctions.Tests.App.Support;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.App;

/// <summary>What one function call answered, after its <see cref="IResult"/> ran against a real <see cref="HttpContext"/>.</summary>
internal sealed record ApiResponse(int Status, IHeaderDictionary Headers, string? ContentType, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Header(string name) => Headers[name].ToString();

    /// <summary>Asserts an RFC 9457 answer with <paramref name="status"/> and returns its JSON.</summary>
    public JsonElement AssertProblem(int status)
    {
        Assert.Equal(status, Status);
        Assert.Equal("application/problem+json", ContentType?.Split(';')[0]);
        var json = Json;
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("detail").GetString()));
        return json;
    }
}

/// <summary>Calls the HTTP functions the way the Functions host does: a real request in, the returned IResult executed.</summary>
internal static class ApiCalls
{
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(60);

    /// <summary><c>POST /process-job{query}</c> with the multipart body of <paramref name="request"/>.</summary>
    public static async Task<ApiResponse> SubmitAsync(AppTestHost host, MultipartRequest request, string query = "?filter=blur") =>
        await SubmitAsync(host, await request.ToHttpContextAsync(query, host.Services));

    /// <summary><c>POST /process-job</c> with a request built by the caller.</summary>
    public static async Task<ApiResponse> SubmitAsync(AppTestHost host, HttpContext context)
    {
        using var cts = new CancellationTokenSource(_callTimeout);
        var result = await host.Get<SubmitJobFunction>().SubmitJob(context.Request, host.Client, cts.Token);
        return await RunAsync(result, context);
    }

    /// <summary>Submits, asserts 202 and returns the job id.</summary>
    public static async Task<string> SubmitJobAsync(AppTestHost host, MultipartRequest request, string query = "?filter=blur")
    {
        var response = await SubmitAsync(host, request, query);
        Assert.True(response.Status == StatusCodes.Status202Accepted, $"Expected 202, got {response.Status}: {System.Text.Encoding.UTF8.GetString(response.Body)}");
        return response.Json.GetProperty("job_id").GetString()!;
    }

    /// <summary>Submits, waits for the orchestration to end and returns the job id.</summary>
    public static async Task<string> RunJobAsync(AppTestHost host, MultipartRequest request, string query = "?filter=blur")
    {
        var jobId = await SubmitJobAsync(host, request, query);
        await host.WaitForJobAsync(jobId);
        return jobId;
    }

    public static async Task<ApiResponse> StatusAsync(AppTestHost host, string jobId)
    {
        var context = Get(host, $"/status-job/{jobId}");
        var result = await host.Get<JobStatusFunction>().GetJobStatus(context.Request, jobId, host.Client, CancellationToken.None);
        return await RunAsync(result, context);
    }

    public static async Task<ApiResponse> DownloadAsync(AppTestHost host, string jobId, Stream? responseBody = null)
    {
        var context = Get(host, $"/download/{jobId}");
        if (responseBody is not null)
        {
            context.Response.Body = responseBody;
        }

        var result = await host.Get<DownloadJobFunction>().DownloadJob(context.Request, jobId, host.Client, CancellationToken.None);
        return await RunAsync(result, context);
    }

    public static async Task<ApiResponse> ImageAsync(AppTestHost host, string jobId, string fileName, string? ifNoneMatch = null)
    {
        var context = Get(host, $"/images/{jobId}/{fileName}");
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        var result = await host.Get<GetImageFunction>().GetImage(context.Request, jobId, fileName, CancellationToken.None);
        return await RunAsync(result, context);
    }

    public static async Task<ApiResponse> FiltersAsync(AppTestHost host)
    {
        var context = Get(host, "/filters");
        return await RunAsync(FiltersFunction.ListFilters(context.Request), context);
    }

    public static async Task<ApiResponse> HealthAsync(AppTestHost host)
    {
        var context = Get(host, "/health");
        var result = await host.Get<HealthFunction>().Health(context.Request, host.Client, CancellationToken.None);
        return await RunAsync(result, context);
    }

    /// <summary>The output names of a finished job's results, in upload order (from <c>image_url</c>).</summary>
    public static async Task<IReadOnlyList<string>> OutputNamesAsync(AppTestHost host, string jobId)
    {
        var status = await StatusAsync(host, jobId);
        Assert.Equal(StatusCodes.Status200OK, status.Status);
        return status.Json.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("image_url").GetString())
            .OfType<string>()
            .Select(url => Uri.UnescapeDataString(url[(url.LastIndexOf('/') + 1)..]))
            .ToList();
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

    /// <summary>Names of every object in <paramref name="container"/>.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(AppTestHost host, string container)
    {
        var names = new List<string>();
        await foreach (var item in host.Store.ListAsync(container, string.Empty, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return names;
    }

    private static DefaultHttpContext Get(AppTestHost host, string path)
    {
        var context = (DefaultHttpContext)HttpContexts.Create(host.Services, HttpMethods.Get, path);
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        return context;
    }

    private static async Task<ApiResponse> RunAsync(IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        var response = context.Response;
        var body = response.Body switch
        {
            MemoryStream memory => memory.ToArray(),
            KestrelLikeResponseBody kestrel => kestrel.Written,
            _ => throw new InvalidOperationException("Unexpected response body stream."),
        };
        return new ApiResponse(response.StatusCode, response.Headers, response.ContentType, body);
    }
}

/// <summary>An image store that remembers every object written through it (to learn a refused job's id).</summary>
internal sealed class RecordingImageStore(IImageStore inner) : DelegatingImageStore(inner)
{
    public ConcurrentQueue<(string Container, string Name)> Saved { get; } = new();

    public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        Saved.Enqueue((container, name));
        return base.SaveAsync(container, name, content, contentType, cancellationToken);
    }
}

/// <summary>A response body like Kestrel's: write-only, not seekable, and synchronous writes throw (AllowSynchronousIO is off).</summary>
internal sealed class KestrelLikeResponseBody : Stream
{
    private readonly MemoryStream _written = new();

    public byte[] Written => _written.ToArray();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("Synchronous operations are disallowed.");

    public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
