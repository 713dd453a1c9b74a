using System.Net;
using ImageFunctions.Settings;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// Checks a submitted <c>notify_url</c>: an absolute <c>https</c> URL (<c>http</c> too when
/// <see cref="NotificationOptions.AllowHttp"/>), without credentials, and not a literal loopback, private, link-local or
/// otherwise non-public address nor <c>localhost</c> unless the allow-list names it. Host names are resolved and checked
/// again at each delivery (<see cref="WebhookConnector"/>); this early check only spares the client a job whose
/// notification could never be sent.
/// </summary>
public sealed class NotifyUrlPolicy(IOptions<ImageFunctionsOptions> options, HostAllowList allowList)
{
    public const int MaxLength = 2048;

    private readonly NotificationOptions _options = options.Value.Notifications;

    /// <summary>The target of <paramref name="text"/>; null when it is empty (no notification).</summary>
    /// <exception cref="ArgumentException">The URL is refused; the message says why, for the client.</exception>
    public NotifyTarget? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (string.IsNullOrEmpty(_options.SigningSecret))
        {
            throw new ArgumentException("This server does not send notifications (no signing secret is configured), so notify_url cannot be used.");
        }

        if (text.Length > MaxLength || !Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            throw new ArgumentException($"notify_url must be an absolute URL of at most {MaxLength} characters.");
        }

        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && _options.AllowHttp))
        {
            throw new ArgumentException(_options.AllowHttp ? "notify_url must be an https or http URL." : "notify_url must be an https URL.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new ArgumentException("notify_url must not contain credentials.");
        }

        CheckHost(uri);
        return new NotifyTarget(uri.AbsoluteUri, _options.FirstRetrySeconds);
    }

    private void CheckHost(Uri uri)
    {
        var host = uri.IdnHost;
        if (allowList.ContainsName(host))
        {
            return;
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            if (!TargetAddresses.IsAllowed(address, allowList))
            {
                throw new ArgumentException($"notify_url points to {TargetAddresses.Describe(TargetAddresses.Classify(address))}; notifications go to public hosts only.");
            }
        }
        else if (IsLocalhost(host))
        {
            throw new ArgumentException("notify_url points to localhost; notifications go to public hosts only.");
        }
    }

    /// <summary><c>localhost</c> and every name under it resolve to the host itself (RFC 6761).</summary>
    private static bool IsLocalhost(string host)
    {
        var name = host.TrimEnd('.');
        return name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
    }
}
