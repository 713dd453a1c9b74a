using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ImageFunctions.Settings;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>What an address reaches, for the webhook's SSRF guard: only <see cref="Public"/> targets are called unless allow-listed.</summary>
public enum AddressKind
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    Unspecified,
    Multicast,

    /// <summary>100.64.0.0/10, carrier-grade NAT: not the public internet.</summary>
    SharedAddressSpace,

    /// <summary>0.0.0.0/8 (which Linux routes to the host itself), 240.0.0.0/4 and broadcast, IPv6 site-local and IPv4-compatible addresses.</summary>
    Reserved,
}

/// <summary>
/// Classifies the addresses a notification may go to. IPv6 forms that carry an IPv4 address (IPv4-mapped
/// <c>::ffff:a.b.c.d</c>, NAT64 <c>64:ff9b::/96</c>, 6to4 <c>2002::/16</c>) are judged by that IPv4 address, since
/// the packets end up there.
/// </summary>
public static class TargetAddresses
{
    public static AddressKind Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetwork ? ClassifyV4(address.GetAddressBytes()) : ClassifyV6(address.GetAddressBytes());
    }

    /// <summary>Whether a notification may go to <paramref name="address"/>: a public address, or one the allow-list names.</summary>
    public static bool IsAllowed(IPAddress address, HostAllowList allowList)
    {
        ArgumentNullException.ThrowIfNull(allowList);
        return Classify(address) == AddressKind.Public || allowList.Contains(address);
    }

    /// <summary>A few words for a client, e.g. "a loopback address".</summary>
    public static string Describe(AddressKind kind) => kind switch
    {
        AddressKind.Loopback => "a loopback address",
        AddressKind.Private => "a private address",
        AddressKind.LinkLocal => "a link-local address",
        AddressKind.Unspecified => "the unspecified address",
        AddressKind.Multicast => "a multicast address",
        AddressKind.SharedAddressSpace => "a shared (carrier-grade NAT) address",
        AddressKind.Reserved => "a reserved address",
        _ => "a public address",
    };

    private static AddressKind ClassifyV4(ReadOnlySpan<byte> bytes)
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return value switch
        {
            0 => AddressKind.Unspecified,
            _ when In(value, 0x00000000, 8) => AddressKind.Reserved,
            _ when In(value, 0x7F000000, 8) => AddressKind.Loopback,
            _ when In(value, 0x0A000000, 8) || In(value, 0xAC100000, 12) || In(value, 0xC0A80000, 16) => AddressKind.Private,
            _ when In(value, 0xA9FE0000, 16) => AddressKind.LinkLocal,
            _ when In(value, 0x64400000, 10) => AddressKind.SharedAddressSpace,
            _ when In(value, 0xE0000000, 4) => AddressKind.Multicast,
            _ when In(value, 0xF0000000, 4) => AddressKind.Reserved, // with 255.255.255.255
            _ => AddressKind.Public,
        };
    }

    private static AddressKind ClassifyV6(ReadOnlySpan<byte> bytes)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return (high, low) switch
        {
            (0, 0) => AddressKind.Unspecified,
            (0, 1) => AddressKind.Loopback,
            (0, >= 0x0000_FFFF_0000_0000 and <= 0x0000_FFFF_FFFF_FFFF) => ClassifyV4(bytes[12..]), // ::ffff:a.b.c.d
            (0, <= 0xFFFF_FFFF) => AddressKind.Reserved,                                        // IPv4-compatible, deprecated
            (0x0064_FF9B_0000_0000, <= 0xFFFF_FFFF) => ClassifyV4(bytes[12..]),                  // NAT64 64:ff9b::/96
            _ when bytes[0] == 0x20 && bytes[1] == 0x02 => ClassifyV4(bytes[2..6]),              // 6to4 2002::/16
            _ when (bytes[0] & 0xFE) == 0xFC => AddressKind.Private,                             // fc00::/7
            _ when bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80 => AddressKind.LinkLocal,       // fe80::/10
            _ when bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0xC0 => AddressKind.Reserved,        // fec0::/10, site-local
            _ when bytes[0] == 0xFF => AddressKind.Multicast,
            _ => AddressKind.Public,
        };
    }

    private static bool In(uint value, uint network, int prefix) => (value & (uint.MaxValue << (32 - prefix))) == network;
}
