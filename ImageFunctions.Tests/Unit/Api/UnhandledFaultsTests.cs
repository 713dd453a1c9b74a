using System.Diagnostics;
using System.Net.Sockets;
using Azure;
using Grpc.Core;
using ImageFunctions.Api.Faults;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The one mapping of unhandled exceptions to answers, and the problem+json it writes (shared by both hosts).</summary>
public sealed class UnhandledFaultsTests
{
    private const string Secret = "secret-host.internal:10000 refused";

    public static TheoryData<Exception, int> Faults => new()
    {
        { new StorageUnavailableException(Secret, new IOException(Secret)), 503 },
        { new RequestFailedException(0, Secret), 503 },
        { new RequestFailedException(500, Secret), 503 },
        { new RequestFailedException(503, Secret), 503 },
        { new RequestFailedException(403, Secret), 500 },
        // What Azure.Core throws once its retries are spent.
        { new AggregateException(Secret, new RequestFailedException(0, Secret), new RequestFailedException(0, Secret)), 503 },
        { new AggregateException(Secret, new RequestFailedException(0, Secret), new InvalidOperationException(Secret)), 500 },
        { new AggregateException(Secret), 500 },
        { new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, Secret, null, CommandStatus.Unknown), 503 },
        { new RedisTimeoutException(CommandFlags.None, Secret, CommandStatus.Sent), 503 },
        { new RpcException(new Status(StatusCode.Unavailable, Secret)), 503 },
        { new RpcException(new Status(StatusCode.DeadlineExceeded, Secret)), 503 },
        { new RpcException(new Status(StatusCode.Unknown, Secret)), 500 },
        { new TimeoutException(Secret), 503 },
        { new TaskCanceledException(Secret), 503 },
        { new HttpRequestException(Secret), 503 },
        { new SocketException((int)SocketError.ConnectionRefused), 503 },
        { new BadHttpRequestException(Secret, StatusCodes.Status413PayloadTooLarge), 413 },
        { new BadHttpRequestException(Secret, StatusCodes.Status400BadRequest), 400 },
        { new InvalidOperationException(Secret), 500 },
        { new NullReferenceException(Secret), 500 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Classify_MapsTheFaultToItsStatus_RetryAfterOnlyFor503(Exception fault, int status)
    {
        var answer = UnhandledFaults.Classify(fault);

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 503 ? UnhandledFaults.RetryAfterSeconds : null, answer.RetryAfterSeconds);
        Assert.DoesNotContain(Secret, answer.Title + answer.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task TryWriteAsync_WritesProblemJsonWithTraceIdAndNoExceptionText(Exception fault, int status)
    {
        var context = TestHttpContexts.Create();
        context.Response.Headers.ContentDisposition = "attachment; filename=a.zip";

        Assert.True(await UnhandledFaults.TryWriteAsync(context, fault, NullLogger.Instance));

        var problem = TestHttpContexts.ResponseJson(context);
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal($"https://httpstatuses.io/{status}", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.Equal(context.TraceIdentifier, problem.GetProperty("traceId").GetString());
        Assert.Equal(status == 503 ? "5" : "", context.Response.Headers.RetryAfter.ToString());
        Assert.Empty(context.Response.Headers.ContentDisposition.ToString());
        context.Response.Body.Position = 0;
        Assert.DoesNotContain(Secret, new StreamReader(context.Response.Body).ReadToEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryWriteAsync_InsideATrace_TraceIdIsTheW3CActivityId()
    {
        var context = TestHttpContexts.Create();
        using var activity = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();

        await UnhandledFaults.TryWriteAsync(context, new TimeoutException(), NullLogger.Instance);

        Assert.Equal(activity.Id, TestHttpContexts.ResponseJson(context).GetProperty("traceId").GetString());
        Assert.StartsWith("00-" + activity.TraceId.ToHexString(), activity.Id, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryWriteAsync_ResponseAlreadyStarted_ReturnsFalseAndWritesNothing()
    {
        var context = TestHttpContexts.Create();
        context.Features.Set<IHttpResponseFeature>(new StartedResponseFeature());
        context.Response.Body = new MemoryStream();

        Assert.False(await UnhandledFaults.TryWriteAsync(context, new TimeoutException(), NullLogger.Instance));

        Assert.Equal(0, context.Response.Body.Length);
    }

    private sealed class StartedResponseFeature : HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
