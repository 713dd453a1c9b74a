using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Azure;
using Grpc.Core;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace ImageFunctions.Api.Faults;

/// <summary>
/// The one answer to an exception no function handled, in both hosts (the worker middleware of the Functions host and the
/// standalone host's exception handler call it): a backend that is down or slow is a 503 with <c>Retry-After</c>, a body
/// the server refused keeps its 4xx, anything else is a 500. The answer is problem+json as <see cref="Problems"/> writes
/// it, plus a <c>traceId</c> to find the logged exception; the exception's own text never reaches the client.
/// </summary>
public static class UnhandledFaults
{
    /// <summary>Seconds a client should wait before retrying a 503.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Name of the problem member that identifies the request in the logs.</summary>
    public const string TraceIdMember = "traceId";

    private static readonly FaultAnswer Storage = Unavailable("Storage unavailable", "The image store did not answer; try again later.");
    private static readonly FaultAnswer Redis = Unavailable("State store unavailable", "Redis did not answer; try again later.");
    private static readonly FaultAnswer Durable = Unavailable("Durable backend unavailable", "The Durable Task backend did not answer; try again later.");
    private static readonly FaultAnswer TimedOut = Unavailable("Timed out", "A backend did not answer in time; try again later.");
    private static readonly FaultAnswer Unreachable = Unavailable("Backend unreachable", "A backend could not be reached; try again later.");

    private static readonly FaultAnswer Unexpected = new(
        StatusCodes.Status500InternalServerError, "Internal Server Error", $"An unexpected error occurred; the {TraceIdMember} identifies it in the service's logs.");

    /// <summary>What <paramref name="exception"/> becomes on the wire.</summary>
    public static FaultAnswer Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            BadHttpRequestException { StatusCode: >= 400 and < 500 } refused => BodyRefused(refused.StatusCode),
            // Azure.Core throws one when its retries are spent: transient only if every attempt failed transiently.
            AggregateException aggregate => aggregate.Flatten().InnerExceptions is { Count: > 0 } inner && inner.All(e => TransientOf(e) is not null)
                ? TransientOf(inner[0])!
                : Unexpected,
            _ => TransientOf(exception) ?? Unexpected,
        };
    }

    /// <summary>
    /// Logs <paramref name="exception"/> and answers it as <see cref="Classify"/> says. False when the response has already
    /// started: then nothing can be answered any more and the caller lets the exception go on (the connection is cut).
    /// </summary>
    public static async Task<bool> TryWriteAsync(HttpContext context, Exception exception, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        var answer = Classify(exception);
        var traceId = TraceIdOf(context);
        Log(logger, context, exception, answer, traceId);
        if (context.Response.HasStarted)
        {
            return false;
        }

        // Headers a function or its result set before it failed (Content-Disposition, ETag, ...) do not belong to this answer.
        context.Response.Clear();
        if (answer.RetryAfterSeconds is { } seconds)
        {
            SetRetryAfter(context.Response, seconds);
        }

        await Problems.Create(answer.Status, answer.Title, answer.Detail, new Dictionary<string, object?> { [TraceIdMember] = traceId })
            .ExecuteAsync(context);
        return true;
    }

    /// <summary>Tells the client when to try again (503 answers).</summary>
    public static void SetRetryAfter(HttpResponse response, int seconds = RetryAfterSeconds)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The id ASP.NET Core itself puts in problems: the W3C trace of the request, else the connection's request id.</summary>
    public static string TraceIdOf(HttpContext context) => Activity.Current?.Id ?? context.TraceIdentifier;

    private static FaultAnswer? TransientOf(Exception exception) => exception switch
    {
        StorageUnavailableException => Storage,
        // Status 0: no answer at all (refused, reset, DNS); 5xx: the service is busy or failing.
        RequestFailedException { Status: 0 or >= 500 } => Storage,
        RedisConnectionException or RedisTimeoutException => Redis,
        RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded } => Durable,
        // Reaching here the request was not aborted, so a cancellation is a timeout of a client library.
        TimeoutException or OperationCanceledException => TimedOut,
        HttpRequestException or SocketException => Unreachable,
        _ => null,
    };

    private static FaultAnswer BodyRefused(int status) => status == StatusCodes.Status413PayloadTooLarge
        ? new FaultAnswer(status, "Request body too large", "The request body is larger than this server accepts.")
        : new FaultAnswer(status, ReasonPhrases.GetReasonPhrase(status), "The request body could not be read.");

    private static FaultAnswer Unavailable(string title, string detail) =>
        new(StatusCodes.Status503ServiceUnavailable, title, detail, RetryAfterSeconds);

    private static void Log(ILogger logger, HttpContext context, Exception exception, FaultAnswer answer, string traceId)
    {
        var level = answer.Status switch
        {
            >= 500 when answer.RetryAfterSeconds is null => LogLevel.Error,
            >= 500 => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        logger.Log(level, answer.Status >= 500 ? exception : null, "{Method} {Path} failed ({ExceptionType}): answered {Status} {Title}, trace {TraceId}",
            context.Request.Method, context.Request.Path.Value, exception.GetType().Name, answer.Status, answer.Title, traceId);
    }
}
