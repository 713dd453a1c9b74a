using System.Text;
using ImageFunctions.Jobs.Notifications;

namespace ImageFunctions.Tests.Unit.Jobs.Notifications;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test_secret_0123456789";
    private const string Body = """{"job_id":"abc","status":"completed"}""";

    [Fact]
    public void Sign_IsTimestampAndHexHmacSha256OfTimestampDotBody()
    {
        // Expected value from Python's hmac module: hmac.new(secret, b"1767225600." + body, hashlib.sha256).hexdigest()
        var header = WebhookSignature.Sign(Secret, 1767225600, Encoding.UTF8.GetBytes(Body));

        Assert.Equal("t=1767225600,v1=e9f9bfb03cbdfde2179d089c5c6a91db2403776233c086cc2cd664aecd8590cc", header);
    }

    [Fact]
    public void Sign_OtherTimestampBodyOrSecret_OtherSignature()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var signatures = new[]
        {
            WebhookSignature.Sign(Secret, 1767225600, body),
            WebhookSignature.Sign(Secret, 1767225601, body),
            WebhookSignature.Sign(Secret, 1767225600, Encoding.UTF8.GetBytes(Body + " ")),
            WebhookSignature.Sign(Secret + "x", 1767225600, body),
        };

        Assert.Equal(signatures.Length, signatures.Select(s => s.Split("v1=")[1]).Distinct().Count());
    }

    [Fact]
    public void Headers_AreTheDocumentedNames()
    {
        Assert.Equal(
            ["X-ImageFunctions-Delivery", "X-ImageFunctions-Timestamp", "X-ImageFunctions-Signature"],
            [WebhookSignature.DeliveryHeader, WebhookSignature.TimestampHeader, WebhookSignature.SignatureHeader]);
    }
}
