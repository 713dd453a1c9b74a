using System.Net.Http;
using System.Net.Sockets;
using Azure;
using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>Storage failures at start-up become one line that says what failed and what to do, never a secret or a stack.</summary>
public sealed class StorageFailureTests
{
    private const string Target = "http://127.0.0.1:10000/devstoreaccount1 (the Blob endpoint of AzureWebJobsStorage)";

    /// <summary>Azurite 3.35.0's answer to the 2026-02-06 Blob API version, as recorded from it (message shortened).</summary>
    private static RequestFailedException AzuriteRejectsApiVersion() => new(
        400,
        "The API version 2026-02-06 is not supported by Azurite. Please upgrade Azurite to latest version and retry. ...\n"
        + "Status: 400\nErrorCode: InvalidHeaderValue\n\nHeaders:\nServer: Azurite-Blob/3.35.0",
        "InvalidHeaderValue",
        null);

    /// <summary>What the SDK throws when nothing listens: every attempt refused, then "retry failed".</summary>
    private static AggregateException ConnectionRefused() => new(
        "Retry failed after 3 tries.",
        Enumerable.Range(0, 3).Select(_ => new RequestFailedException(
            "Connection refused (127.0.0.1:10000)",
            new HttpRequestException("Connection refused (127.0.0.1:10000)", new SocketException((int)SocketError.ConnectionRefused)))));

    [Fact]
    public void Of_AzuriteRejectingTheApiVersion_IsApiVersionRejected_AndSaysHowToStartAzurite()
    {
        var failure = StorageFailure.Of(new InvalidOperationException("wrapped", AzuriteRejectsApiVersion()));

        var line = failure.Explain(Target, "AzureWebJobsStorage", "2026-02-06");

        Assert.Equal(StorageFailureKind.ApiVersionRejected, failure.Kind);
        Assert.Equal(
            $"Storage does not support the API version 2026-02-06: {Target}. "
            + "Start Azurite with --skipApiVersionCheck (npm run --prefix tools azurite does) or update it.",
            line);
    }

    [Fact]
    public void Of_ConnectionRefusedOnEveryRetry_IsUnreachable_WithTheSocketError()
    {
        var failure = StorageFailure.Of(ConnectionRefused());

        Assert.Equal(new StorageFailure(StorageFailureKind.Unreachable, "Connection refused"), failure);
        Assert.Equal(
            $"Storage is unreachable: {Target}: Connection refused. Start Azurite (npm run --prefix tools azurite) or correct AzureWebJobsStorage.",
            failure.Explain(Target, "AzureWebJobsStorage"));
    }

    [Fact]
    public void Of_AnotherAnswer_IsRefused_WithStatusAndErrorCodeOnly()
    {
        var failure = StorageFailure.Of(new RequestFailedException(403, "Server failed to authenticate the request.\nHeaders: ...", "AuthorizationFailure", null));

        var line = failure.Explain(Target, "ImageFunctions__Storage__ConnectionString");

        Assert.Equal(new StorageFailure(StorageFailureKind.Refused, "403 AuthorizationFailure"), failure);
        Assert.Equal(
            $"Storage refused the request: {Target} answered 403 AuthorizationFailure. Check the account and the credentials of ImageFunctions__Storage__ConnectionString.",
            line);
    }

    [Fact]
    public void Of_ACancelledRequest_IsTimedOut()
    {
        var failure = StorageFailure.Of(new TaskCanceledException("The operation was cancelled."));

        Assert.Equal(StorageFailureKind.TimedOut, failure.Kind);
        Assert.Contains("did not answer in time", failure.Explain(Target, "AzureWebJobsStorage"), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IsOneLine_ForEveryKind()
    {
        Exception[] failures =
        [
            AzuriteRejectsApiVersion(), ConnectionRefused(), new RequestFailedException(500, "Boom\nline 2", "InternalError", null),
            new TaskCanceledException(), new InvalidOperationException("first line\nsecond line"),
        ];

        Assert.All(failures, failure => Assert.DoesNotContain('\n', StorageFailure.Of(failure).Explain(Target, "AzureWebJobsStorage")));
    }
}
