using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// Starts <see cref="DurableTaskTestHost"/> on a port the OS reports free. Its default is a random port in
/// 30000-40000, which overlaps Linux's ephemeral range (32768-60999): under a parallel test run it sometimes
/// lands on a port already used by a client connection and fails with "address already in use".
/// </summary>
public static class DurableTestHost
{
    private const int MaxAttempts = 3;

    /// <summary>Like <see cref="DurableTaskTestHost.StartAsync"/>, on a free loopback port, retried on a port clash.</summary>
    public static async Task<DurableTaskTestHost> StartAsync(
        Action<DurableTaskRegistry> registry,
        DurableTaskTestHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new DurableTaskTestHostOptions();
        var fixedPort = options.Port is not null;
        for (var attempt = 1; ; attempt++)
        {
            if (!fixedPort)
            {
                options.Port = FreePort.Next();
            }

            try
            {
                return await DurableTaskTestHost.StartAsync(registry, options, cancellationToken);
            }
            catch (Exception ex) when (!fixedPort && attempt < MaxAttempts && IsAddressInUse(ex))
            {
                // Another process took the port between choosing and binding: choose again.
            }
        }
    }

    private static bool IsAddressInUse(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException || e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
            {
                return true;
            }
        }

        return false;
    }
}
