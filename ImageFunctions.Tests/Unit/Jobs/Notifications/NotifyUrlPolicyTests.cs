using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Settings;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Unit.Jobs.Notifications;

/// <summary>What <c>notify_url</c> a submission may carry (the delivery checks resolved addresses again).</summary>
public sealed class NotifyUrlPolicyTests
{
    [Theory]
    [InlineData("https://hooks.example.com/jobs?token=1", "https://hooks.example.com/jobs?token=1")]
    [InlineData("https://HOOKS.example.com:8443/a b", "https://hooks.example.com:8443/a%20b")]
    [InlineData("https://8.8.8.8/hook", "https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook", "https://[2606:4700:4700::1111]/hook")]
    public void Parse_PublicHttpsUrl_IsTheTarget(string text, string expected)
    {
        var target = Policy().Parse(text);

        Assert.Equal(new NotifyTarget(expected, 10), target);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_Nothing_IsNoNotification(string? text) => Assert.Null(Policy().Parse(text));

    [Theory]
    [InlineData("hooks.example.com/x", "absolute URL")]
    [InlineData("/relative", "https URL")] // on Unix an absolute path parses as file:///relative
    [InlineData("ftp://hooks.example.com/x", "https URL")]
    [InlineData("http://hooks.example.com/x", "https URL")]
    [InlineData("https://user:pass@hooks.example.com/x", "credentials")]
    [InlineData("https://127.0.0.1/x", "a loopback address")]
    [InlineData("https://127.1/x", "a loopback address")]
    [InlineData("https://0x7f000001/x", "a loopback address")]
    [InlineData("https://[::1]/x", "a loopback address")]
    [InlineData("https://[::ffff:127.0.0.1]/x", "a loopback address")]
    [InlineData("https://10.0.0.8/x", "a private address")]
    [InlineData("https://[fd00::8]/x", "a private address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "a link-local address")]
    [InlineData("https://100.64.1.1/x", "carrier-grade NAT")]
    [InlineData("https://0.0.0.0/x", "the unspecified address")]
    [InlineData("https://localhost/x", "localhost")]
    [InlineData("https://LOCALHOST./x", "localhost")]
    [InlineData("https://app.localhost/x", "localhost")]
    public void Parse_RefusedUrl_SaysWhy(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Policy().Parse(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooLong_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Policy().Parse("https://hooks.example.com/" + new string('a', NotifyUrlPolicy.MaxLength)));

        Assert.Contains("at most 2048 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoSigningSecret_RefusesEveryUrl()
    {
        var error = Assert.Throws<ArgumentException>(() => Policy(secret: null).Parse("https://hooks.example.com/x"));

        Assert.Contains("does not send notifications", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HttpAllowed_TakesHttp() =>
        Assert.Equal("http://hooks.example.com/x", Policy(allowHttp: true).Parse("http://hooks.example.com/x")!.Url);

    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.1:5000/hook")]
    [InlineData("127.0.0.0/8", "http://127.0.0.9:5000/hook")]
    [InlineData("localhost", "http://localhost:5000/hook")]
    [InlineData("10.0.0.0/8", "http://[::ffff:10.0.0.8]/hook")]
    public void Parse_AllowListedTarget_IsAccepted(string allowed, string url) =>
        Assert.NotNull(Policy(allowHttp: true, allowed: allowed).Parse(url));

    [Fact]
    public void Parse_Target_CarriesTheConfiguredFirstRetry() =>
        Assert.Equal(0.25, Policy(firstRetrySeconds: 0.25).Parse("https://hooks.example.com/")!.FirstRetrySeconds);

    private static NotifyUrlPolicy Policy(string? secret = "whsec_test_secret_0123456789", bool allowHttp = false, string allowed = "", double firstRetrySeconds = 10)
    {
        var options = new ImageFunctionsOptions
        {
            Notifications = new NotificationOptions { SigningSecret = secret, AllowHttp = allowHttp, AllowedHosts = allowed, FirstRetrySeconds = firstRetrySeconds },
        };
        return new NotifyUrlPolicy(Options.Create(options), HostAllowList.Parse(allowed));
    }
}
