using System.Diagnostics;
using System.Text;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>One HTTP answer as the load runner saw it; <see cref="Status"/> 0 when there was none (timeout, refused or reset connection).</summary>
/// <param name="Status">The status code, 0 without an answer.</param>
/// <param name="MediaType">The answer's media type, or null.</param>
/// <param name="Body">The whole body.</param>
/// <param name="Milliseconds">From sending the request until the whole body was read (or the failure).</param>
/// <param name="Failure">Why there was no answer, or null.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, or null.</param>
internal sealed record LoadAnswer(int Status, string? MediaType, byte[] Body, double Milliseconds, string? Failure, string? RetryAfter)
{
    /// <summary>True when a status code came back.</summary>
    public bool Answered => Status != 0;

    /// <summary>True for an RFC 9457 problem document.</summary>
    public bool IsProblem => string.Equals(MediaType, "application/problem+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body as text (for JSON and problem answers).</summary>
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>A short description for reports: <c>503 in 1234 ms</c> or <c>no answer within 30 s</c>.</summary>
    public string Describe() => Answered
        ? FormattableString.Invariant($"{Status} in {Milliseconds:0} ms")
        : FormattableString.Invariant($"no answer ({Failure}) after {Milliseconds / 1000:0.0} s");
}

/// <summary>Sends one request with a deadline of its own and never throws for what the server does (only for the caller's cancellation).</summary>
internal static class LoadHttp
{
    /// <summary>Sends the request <paramref name="create"/> makes and reads the whole answer within <paramref name="timeout"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<LoadAnswer> SendAsync(HttpClient http, Func<HttpRequestMessage> create, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(create);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = create();
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            var retryAfter = response.Headers.RetryAfter?.ToString();
            return new LoadAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, clock.Elapsed.TotalMilliseconds, null, retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new LoadAnswer(0, null, [], clock.Elapsed.TotalMilliseconds, FormattableString.Invariant($"no answer within {timeout.TotalSeconds:0} s"), null);
        }
        catch (HttpRequestException ex)
        {
            return new LoadAnswer(0, null, [], clock.Elapsed.TotalMilliseconds, ex.HttpRequestError.ToString(), null);
        }
    }

    /// <summary>A GET of <paramref name="path"/>.</summary>
    public static Task<LoadAnswer> GetAsync(HttpClient http, string path, TimeSpan timeout, CancellationToken cancellationToken) =>
        SendAsync(http, () => new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), timeout, cancellationToken);
}
