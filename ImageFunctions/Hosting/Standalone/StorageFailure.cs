using System.Net.Http;
using System.Net.Sockets;
using Azure;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>What kind of storage failure an exception is, reduced to what a person can act on (no secrets, no stack).</summary>
public enum StorageFailureKind
{
    /// <summary>Nothing answered: connection refused, unknown host.</summary>
    Unreachable,

    /// <summary>No answer within the time allowed.</summary>
    TimedOut,

    /// <summary>Azurite (or Azure) does not know the API version of the request (<c>x-ms-version</c>).</summary>
    ApiVersionRejected,

    /// <summary>The service answered with another error (authentication, permissions, ...).</summary>
    Refused,

    /// <summary>Anything else.</summary>
    Other,
}

/// <summary>A storage failure, classified from the exception the Azure SDK (or the Durable backend) threw.</summary>
/// <param name="Detail">Unreachable: the socket error; Refused: status and error code; ApiVersionRejected: the error code; Other: the exception's first line.</param>
public sealed record StorageFailure(StorageFailureKind Kind, string Detail)
{
    /// <summary>The README's way to start Azurite.</summary>
    private const string StartAzurite = "npm run --prefix tools azurite";

    /// <summary>Classifies <paramref name="failure"/>, looking through wrappers and the SDK's "retry failed" aggregates.</summary>
    public static StorageFailure Of(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var all = Flatten(failure).ToArray();

        // Status 0 is the SDK's "no response"; any other status is the service's answer.
        if (all.OfType<RequestFailedException>().FirstOrDefault(e => e.Status != 0) is { } answered)
        {
            return IsApiVersionRejection(answered)
                ? new StorageFailure(StorageFailureKind.ApiVersionRejected, answered.ErrorCode ?? string.Empty)
                : new StorageFailure(StorageFailureKind.Refused, $"{answered.Status} {answered.ErrorCode}".TrimEnd());
        }

        if (all.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            return new StorageFailure(StorageFailureKind.Unreachable, socket.Message);
        }

        if (all.OfType<HttpRequestException>().FirstOrDefault() is { } http)
        {
            return new StorageFailure(StorageFailureKind.Unreachable, FirstLine(http.Message));
        }

        if (all.OfType<OperationCanceledException>().Any() || all.OfType<TimeoutException>().Any())
        {
            return new StorageFailure(StorageFailureKind.TimedOut, string.Empty);
        }

        return new StorageFailure(StorageFailureKind.Other, FirstLine(failure.Message));
    }

    /// <summary>One line for the person starting the host: what failed and what to do.</summary>
    /// <param name="target">What was asked, e.g. <c>http://127.0.0.1:10000/devstoreaccount1 (the Blob endpoint of AzureWebJobsStorage)</c>.</param>
    /// <param name="setting">The setting that holds the connection, named in the advice.</param>
    /// <param name="apiVersion">The API version that was sent, when known.</param>
    public string Explain(string target, string setting, string? apiVersion = null) => Kind switch
    {
        StorageFailureKind.ApiVersionRejected =>
            $"Storage does not support the API version {apiVersion ?? "the app sends"}: {target}. "
            + $"Start Azurite with --skipApiVersionCheck ({StartAzurite} does) or update it.",
        StorageFailureKind.Unreachable => $"Storage is unreachable: {target}: {Detail}. Start Azurite ({StartAzurite}) or correct {setting}.",
        StorageFailureKind.TimedOut => $"Storage is unreachable: {target} did not answer in time. Start Azurite ({StartAzurite}) or correct {setting}.",
        StorageFailureKind.Refused => $"Storage refused the request: {target} answered {Detail}. Check the account and the credentials of {setting}.",
        _ => $"Storage failed: {target}: {Detail}",
    };

    /// <summary>
    /// Azurite answers an unknown <c>x-ms-version</c> with 400 InvalidHeaderValue, "The API version 2026-02-06 is not
    /// supported by Azurite..."; Azure with 400 InvalidHeaderValue naming the <c>x-ms-version</c> header.
    /// </summary>
    private static bool IsApiVersionRejection(RequestFailedException answer) =>
        answer.Status == 400
        && string.Equals(answer.ErrorCode, "InvalidHeaderValue", StringComparison.Ordinal)
        && (answer.Message.Contains("API version", StringComparison.OrdinalIgnoreCase)
            || answer.Message.Contains("x-ms-version", StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        IEnumerable<Exception> children = exception is AggregateException aggregate ? aggregate.InnerExceptions
            : exception.InnerException is { } inner ? [inner] : [];
        foreach (var child in children.SelectMany(Flatten))
        {
            yield return child;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
