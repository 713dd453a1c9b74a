using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>Whether a Redis server answers on a loopback port: a raw <c>PING</c> (no client library, so it also works while one is reconnecting).</summary>
public static class RedisPing
{
    /// <summary>True when <c>PING</c> on <paramref name="port"/> gets <c>+PONG</c> within 2 s.</summary>
    public static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken = default)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
