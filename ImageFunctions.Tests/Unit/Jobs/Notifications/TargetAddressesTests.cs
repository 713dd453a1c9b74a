using System.Net;
using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Settings;

namespace ImageFunctions.Tests.Unit.Jobs.Notifications;

/// <summary>The SSRF guard's address classes and allow-list: what a notification may reach.</summary>
public sealed class TargetAddressesTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressKind.Public)]
    [InlineData("93.184.216.34", AddressKind.Public)]
    [InlineData("127.0.0.1", AddressKind.Loopback)]
    [InlineData("127.255.255.254", AddressKind.Loopback)]
    [InlineData("10.0.0.1", AddressKind.Private)]
    [InlineData("172.16.0.1", AddressKind.Private)]
    [InlineData("172.31.255.255", AddressKind.Private)]
    [InlineData("172.32.0.1", AddressKind.Public)]
    [InlineData("192.168.1.1", AddressKind.Private)]
    [InlineData("169.254.169.254", AddressKind.LinkLocal)] // cloud metadata endpoints
    [InlineData("100.64.0.1", AddressKind.SharedAddressSpace)]
    [InlineData("100.127.255.255", AddressKind.SharedAddressSpace)]
    [InlineData("100.128.0.1", AddressKind.Public)]
    [InlineData("0.0.0.0", AddressKind.Unspecified)]
    [InlineData("0.1.2.3", AddressKind.Reserved)]
    [InlineData("224.0.0.1", AddressKind.Multicast)]
    [InlineData("239.255.255.250", AddressKind.Multicast)]
    [InlineData("240.0.0.1", AddressKind.Reserved)]
    [InlineData("255.255.255.255", AddressKind.Reserved)]
    public void Classify_IPv4(string address, AddressKind expected) =>
        Assert.Equal(expected, TargetAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2606:4700:4700::1111", AddressKind.Public)]
    [InlineData("::1", AddressKind.Loopback)]
    [InlineData("::", AddressKind.Unspecified)]
    [InlineData("fc00::1", AddressKind.Private)]
    [InlineData("fd12:3456:789a::1", AddressKind.Private)]
    [InlineData("fe80::1", AddressKind.LinkLocal)]
    [InlineData("febf::1", AddressKind.LinkLocal)]
    [InlineData("fec0::1", AddressKind.Reserved)]
    [InlineData("ff02::1", AddressKind.Multicast)]
    [InlineData("::7f00:1", AddressKind.Reserved)] // IPv4-compatible ::127.0.0.1
    public void Classify_IPv6(string address, AddressKind expected) =>
        Assert.Equal(expected, TargetAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", AddressKind.Loopback)]
    [InlineData("::ffff:10.1.2.3", AddressKind.Private)]
    [InlineData("::ffff:169.254.169.254", AddressKind.LinkLocal)]
    [InlineData("::ffff:8.8.8.8", AddressKind.Public)]
    [InlineData("64:ff9b::7f00:1", AddressKind.Loopback)]   // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::808:808", AddressKind.Public)]    // NAT64 of 8.8.8.8
    [InlineData("2002:c0a8:101::1", AddressKind.Private)]   // 6to4 of 192.168.1.1
    [InlineData("2002:808:808::1", AddressKind.Public)]     // 6to4 of 8.8.8.8
    public void Classify_IPv6CarryingIPv4_JudgesTheIPv4Address(string address, AddressKind expected) =>
        Assert.Equal(expected, TargetAddresses.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("127.0.0.1", "::ffff:127.0.0.1", true)]
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("127.0.0.1", "::1", false)]
    [InlineData("10.1.0.0/16", "10.1.200.3", true)]
    [InlineData("10.1.0.0/16", "10.2.0.1", false)]
    [InlineData("fd00::/8, 192.168.0.0/16", "fd00::5", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("hooks.internal", "10.0.0.1", false)]
    public void IsAllowed_NonPublicAddress_OnlyWhenTheAllowListHasIt(string allowed, string address, bool expected) =>
        Assert.Equal(expected, TargetAddresses.IsAllowed(IPAddress.Parse(address), HostAllowList.Parse(allowed)));

    [Fact]
    public void IsAllowed_PublicAddress_Always() =>
        Assert.True(TargetAddresses.IsAllowed(IPAddress.Parse("8.8.8.8"), HostAllowList.Empty));

    [Theory]
    [InlineData("hooks.internal", "HOOKS.internal.", true)]
    [InlineData("hooks.internal", "evil.hooks.internal", false)]
    [InlineData("hooks.internal", "hooks.internal.evil.com", false)]
    [InlineData("", "localhost", false)]
    public void AllowList_Names_MatchTheWholeNameIgnoringCase(string allowed, string host, bool expected) =>
        Assert.Equal(expected, HostAllowList.Parse(allowed).ContainsName(host));

    [Theory]
    [InlineData("10.1.2.3/16")]   // bits beyond the prefix
    [InlineData("10.0.0.0/33")]
    [InlineData("http://hooks.internal")]
    [InlineData("hooks internal")]
    public void AllowList_BadEntry_IsRefusedNamingIt(string entry)
    {
        Assert.False(HostAllowList.TryParse($"localhost, {entry}", out _, out var error));
        Assert.Contains(entry, error, StringComparison.Ordinal);
    }
}
