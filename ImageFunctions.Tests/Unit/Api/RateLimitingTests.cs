using System.Net;
using ImageFunctions.Api.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>Who a submission counts against (<see cref="ClientKey"/>) and the in-memory windows (<see cref="MemoryFixedWindowCounter"/>).</summary>
public sealed class RateLimitingTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::ffff", "2001:db8:1:2::/64")]
    [InlineData("::1", "::/64")]
    public void Of_Address_IsIPv4AsWrittenAndIPv6ByItsSlash64(string address, string key)
    {
        Assert.Equal(key, ClientKey.Of(IPAddress.Parse(address)));
    }

    [Fact]
    public void Of_UntrustedForwardedFor_IsTheRemoteAddress()
    {
        var context = Context("198.51.100.1", "203.0.113.7");

        Assert.Equal("198.51.100.1", ClientKey.Of(context, trustForwardedFor: false));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("203.0.113.7:51234", "203.0.113.7")]
    [InlineData("10.0.0.1, 203.0.113.7", "203.0.113.7")]
    [InlineData("spoofed, 203.0.113.7:443", "203.0.113.7")]
    [InlineData("[2001:db8:5:6::1]:51234", "2001:db8:5:6::/64")]
    [InlineData("2001:db8:5:6::1", "2001:db8:5:6::/64")]
    public void Of_TrustedForwardedFor_IsItsLastEntry(string forwardedFor, string key)
    {
        Assert.Equal(key, ClientKey.Of(Context("198.51.100.1", forwardedFor), trustForwardedFor: true));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("203.0.113.7, not-an-address")]
    public void Of_TrustedButNoUsableForwardedFor_IsTheRemoteAddress(string? forwardedFor)
    {
        Assert.Equal("198.51.100.1", ClientKey.Of(Context("198.51.100.1", forwardedFor), trustForwardedFor: true));
    }

    [Fact]
    public void Of_NoAddressAtAll_IsUnknown()
    {
        Assert.Equal(ClientKey.Unknown, ClientKey.Of(new DefaultHttpContext(), trustForwardedFor: true));
    }

    [Fact]
    public async Task MemoryCounter_CountsPerKeyUntilTheWindowEnds()
    {
        var time = new SettableTimeProvider();
        var counter = new MemoryFixedWindowCounter(time);
        var window = TimeSpan.FromSeconds(60);

        Assert.Equal(new FixedWindowCount(1, window), await counter.HitAsync("a", window, default));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(new FixedWindowCount(2, TimeSpan.FromSeconds(40)), await counter.HitAsync("a", window, default));
        Assert.Equal(new FixedWindowCount(1, window), await counter.HitAsync("b", window, default));

        time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(new FixedWindowCount(1, window), await counter.HitAsync("a", window, default));
    }

    [Fact]
    public async Task MemoryCounter_SweepsEndedWindows()
    {
        var time = new SettableTimeProvider();
        var counter = new MemoryFixedWindowCounter(time);
        var window = TimeSpan.FromSeconds(10);
        for (var i = 0; i < 100; i++)
        {
            await counter.HitAsync($"client{i}", window, default);
        }

        time.Advance(TimeSpan.FromSeconds(11));
        await counter.HitAsync("late", window, default);

        Assert.Equal(1, counter.Count);
    }

    private static DefaultHttpContext Context(string remote, string? forwardedFor)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        return context;
    }

    private sealed class SettableTimeProvider : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
