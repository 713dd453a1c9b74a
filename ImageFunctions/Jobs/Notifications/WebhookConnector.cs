using System.Net;
using System.Net.Sockets;
using ImageFunctions.Settings;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// The webhook client's only way to the network (its <see cref="SocketsHttpHandler.ConnectCallback"/>): resolves the
/// host at each connection, refuses it when any of its addresses is not public (unless the allow-list names the host or
/// the address), then connects to one of the very addresses it checked, so a DNS answer that changes between the check
/// and the connection (DNS rebinding) cannot lead elsewhere; the address actually connected is checked once more.
/// No proxy (it would be the one to connect, unchecked) and no redirects (a redirect could point anywhere).
/// </summary>
public sealed class WebhookConnector(HostAllowList allowList)
{
    /// <summary>The primary handler of the webhook <see cref="HttpClient"/>.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        ConnectCallback = ConnectAsync,
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = WebhookSender.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var host = endPoint.Host.Trim('[', ']');
        var named = allowList.ContainsName(host);
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (!named && addresses.FirstOrDefault(a => !TargetAddresses.IsAllowed(a, allowList)) is { } refused)
        {
            throw new TargetRefusedException(refused);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                if (!named && socket.RemoteEndPoint is IPEndPoint remote && !TargetAddresses.IsAllowed(remote.Address, allowList))
                {
                    throw new TargetRefusedException(remote.Address);
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>A notification target the SSRF guard refuses. The client sees the kind of address, never the address itself.</summary>
public sealed class TargetRefusedException(IPAddress address)
    : Exception($"The notification target resolves to {TargetAddresses.Describe(TargetAddresses.Classify(address))}; notifications go to public hosts only.")
{
    /// <summary>The refused address, for the log.</summary>
    public IPAddress Address { get; } = address;
}
