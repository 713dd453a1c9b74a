using System.Globalization;
using ImageFunctions.Api.Faults;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api.RateLimiting;

/// <summary>
/// The per-client limit on <c>POST /process-job</c>, checked by <see cref="SubmitJobFunction"/> before the body is read
/// (so both hosts apply it, and a limited client uploads nothing): at most <c>PermitLimit</c> submissions per client
/// (see <see cref="ClientKey"/>) in a fixed window of <c>WindowSeconds</c>, counted in Redis when the app has Redis
/// (shared by every instance), else in memory. Every submission counts, accepted or refused. When the counter fails or
/// takes longer than <c>RedisTimeoutMilliseconds</c> the submission goes through and a warning is logged: the limit
/// guards against abuse, and an outage of the counter must not stop the service.
/// </summary>
public sealed class SubmissionRateLimiter(
    IFixedWindowCounter counter,
    IOptions<ImageFunctionsOptions> options,
    ILogger<SubmissionRateLimiter> logger)
{
    /// <summary>The counter key's prefix: the operation the windows count.</summary>
    public const string KeyPrefix = "submit:";

    private readonly RateLimitOptions _options = options.Value.RateLimit;

    /// <summary>
    /// Counts the request against its client. Null: go on; otherwise the 429 problem+json to answer, with
    /// <c>Retry-After</c> (whole seconds until the client's window ends, at least 1) already set on the response.
    /// </summary>
    public async Task<IResult?> CheckAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_options.Enabled)
        {
            return null;
        }

        var client = ClientKey.Of(context, _options.TrustForwardedFor);
        var window = TimeSpan.FromSeconds(_options.WindowSeconds);
        FixedWindowCount count;
        try
        {
            count = await counter.HitAsync(KeyPrefix + client, window, cancellationToken)
                .WaitAsync(TimeSpan.FromMilliseconds(_options.RedisTimeoutMilliseconds), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Rate limit not checked for client {Client}: the counter failed or took over {Timeout} ms ({ExceptionType}); the submission is let through",
                client, _options.RedisTimeoutMilliseconds, ex.GetType().Name);
            return null;
        }

        if (count.Count <= _options.PermitLimit)
        {
            return null;
        }

        var retryAfter = Math.Max(1, (int)Math.Ceiling(count.EndsIn.TotalSeconds));
        logger.LogInformation("Client {Client} is over the submission limit ({Count} of {Limit} in {Window} s): answered 429, retry after {RetryAfter} s",
            client, count.Count, _options.PermitLimit, _options.WindowSeconds, retryAfter);
        UnhandledFaults.SetRetryAfter(context.Response, retryAfter);
        return Problems.Create(StatusCodes.Status429TooManyRequests, "Too many submissions",
            $"At most {_options.PermitLimit.ToString(CultureInfo.InvariantCulture)} jobs may be submitted per client in "
            + $"{_options.WindowSeconds.ToString(CultureInfo.InvariantCulture)} s; try again after {retryAfter.ToString(CultureInfo.InvariantCulture)} s (Retry-After).");
    }
}
