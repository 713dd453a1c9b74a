using Azure.Core;
using Azure.Storage.Blobs;
using ImageFunctions.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// Backends that are down: the real clients against a loopback port nothing listens on, so every call fails as it does
/// in an outage (connection refused), with the client's own exceptions.
/// </summary>
public static class UnreachableBackends
{
    /// <summary>An Azurite-style connection string whose endpoints refuse every connection.</summary>
    public static string StorageConnectionString()
    {
        var port = FreePort.Next();
        return AzuriteFixture.BuildConnectionString("127.0.0.1", port, port, port);
    }

    /// <summary>The Blob store on <see cref="StorageConnectionString"/>, retrying once at once (the SDK's default waits seconds).</summary>
    public static IImageStore BlobStore()
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 1, Delay = TimeSpan.FromMilliseconds(10), Mode = RetryMode.Fixed } };
        return new BlobImageStore(new BlobServiceClient(StorageConnectionString(), options));
    }

    /// <summary>A Durable client whose gRPC sidecar is not there.</summary>
    public static DurableTaskClient DurableClient() => new GrpcDurableTaskClient(
        "unreachable", new GrpcDurableTaskClientOptions { Address = $"http://127.0.0.1:{FreePort.Next()}" }, NullLogger.Instance);
}
