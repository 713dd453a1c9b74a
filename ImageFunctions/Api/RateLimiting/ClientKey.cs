using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Api.RateLimiting;

/// <summary>
/// Who a request counts against: the connection's remote address, or with <c>TrustForwardedFor</c> the last address in
/// <c>X-Forwarded-For</c> (the one the proxy in front appended; earlier entries are whatever the client sent). An IPv6
/// client is keyed by its /64, the smallest block one subscriber usually gets, so it cannot rotate through its own
/// addresses; an IPv4-mapped IPv6 address counts as the IPv4 address.
/// </summary>
public static class ClientKey
{
    /// <summary>The key of a request whose address is unknown (no connection address, nothing usable forwarded).</summary>
    public const string Unknown = "unknown";

    /// <summary>The client key of <paramref name="context"/>'s request.</summary>
    public static string Of(HttpContext context, bool trustForwardedFor)
    {
        ArgumentNullException.ThrowIfNull(context);
        var address = (trustForwardedFor ? LastForwardedFor(context.Request.Headers) : null) ?? context.Connection.RemoteIpAddress;
        return address is null ? Unknown : Of(address);
    }

    /// <summary>The key of <paramref name="address"/>: an IPv4 address as written, an IPv6 address as its /64.</summary>
    public static string Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The last entry of <c>X-Forwarded-For</c> (over all its header lines) as an address; a port is dropped.</summary>
    private static IPAddress? LastForwardedFor(IHeaderDictionary headers)
    {
        var values = headers["X-Forwarded-For"];
        for (var i = values.Count - 1; i >= 0; i--)
        {
            var entries = (values[i] ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (entries.Length > 0)
            {
                // "203.0.113.7", "203.0.113.7:51234", "2001:db8::7" or "[2001:db8::7]:51234"; anything else is not used.
                return IPEndPoint.TryParse(entries[^1], out var endpoint) ? endpoint.Address : null;
            }
        }

        return null;
    }
}
