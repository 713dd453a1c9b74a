using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// The headers of a notification and its signature, in the manner of Stripe's: HMAC-SHA256 with the configured secret
/// over <c>{timestamp}.{body}</c> (unix seconds, a dot, the exact body bytes), sent as <c>t={timestamp},v1={hex}</c>.
/// Signing the timestamp lets a receiver refuse old requests replayed later.
/// </summary>
public static class WebhookSignature
{
    /// <summary>A GUID per delivery, the same on every attempt of it: receivers drop duplicates by it.</summary>
    public const string DeliveryHeader = "X-ImageFunctions-Delivery";

    /// <summary>When this attempt was signed, in unix seconds (also inside the signature header).</summary>
    public const string TimestampHeader = "X-ImageFunctions-Timestamp";

    /// <summary><c>t={timestamp},v1={lower-case hex HMAC-SHA256}</c>.</summary>
    public const string SignatureHeader = "X-ImageFunctions-Signature";

    /// <summary>The value of <see cref="SignatureHeader"/> for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes(stamp + "."));
        hmac.AppendData(body);
        return $"t={stamp},v1={Convert.ToHexStringLower(hmac.GetHashAndReset())}";
    }
}
