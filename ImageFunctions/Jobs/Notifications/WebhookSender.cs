using System.Net.Http.Headers;
using ImageFunctions.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Jobs.Notifications;

/// <summary>
/// Sends one attempt of a notification: a signed POST of the JSON body over the webhook <see cref="HttpClient"/>
/// (<see cref="WebhookConnector"/>, <see cref="Timeout"/>). Any 2xx answer is a delivery; the answer's body is not read.
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<ImageFunctionsOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
{
    /// <summary>How long one attempt may take, until the answer's headers.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const string UserAgent = "ImageFunctions-Webhook/1.0";

    private readonly NotificationOptions _options = options.Value.Notifications;

    public async Task<NotificationAttempt> SendAsync(string url, string deliveryId, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var target = new Uri(url);

        // The settings may have changed since the job was submitted.
        if (string.IsNullOrEmpty(_options.SigningSecret))
        {
            return NotificationAttempt.Refusal("This server no longer has a signing secret; nothing was sent.");
        }

        if (target.Scheme == Uri.UriSchemeHttp && !_options.AllowHttp)
        {
            return NotificationAttempt.Refusal("http targets are no longer allowed; nothing was sent.");
        }

        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add(WebhookSignature.DeliveryHeader, deliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(_options.SigningSecret, timestamp, body));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return NotificationAttempt.Success;
            }

            return NotificationAttempt.Failure($"The receiver answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException ex) when (Refused(ex) is { } refused)
        {
            logger.LogWarning("Notification {DeliveryId} not sent: {Host} resolves to {Address}", deliveryId, target.Host, refused.Address);
            return NotificationAttempt.Refusal(refused.Message);
        }
        catch (HttpRequestException ex)
        {
            logger.LogInformation(ex, "Notification {DeliveryId} to {Host} failed", deliveryId, target.Host);
            return NotificationAttempt.Failure($"The request failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return NotificationAttempt.Failure($"The receiver did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }

    private static TargetRefusedException? Refused(Exception ex)
    {
        for (Exception? inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is TargetRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
