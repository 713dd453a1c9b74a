using System.Text.Json;
using ImageFunctions.Api.Status;
using ImageFunctions.Jobs.Notifications;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api.Notifications;

/// <summary>
/// One attempt of a job's notification: the final status document, built by <see cref="JobStatusReader"/> as the status
/// endpoint builds it and written with the same JSON options as the API's answers, POSTed by <see cref="WebhookSender"/>.
/// </summary>
public sealed class JobNotifier(WebhookSender sender, IOptions<JsonOptions> json)
{
    public Task<NotificationAttempt> NotifyAsync(JobNotification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var target = notification.Spec.Notify ?? throw new ArgumentException("The job has no notify_url.", nameof(notification));
        var document = notification switch
        {
            { Result: { } result } => JobStatusReader.Completed(notification.Spec, result),
            { Cancellation: { } cancellation } => JobStatusReader.Cancelled(notification.Spec, cancellation),
            _ => throw new ArgumentException("A notification needs the job's result or its cancellation.", nameof(notification)),
        };
        var body = JsonSerializer.SerializeToUtf8Bytes(document, json.Value.SerializerOptions);
        return sender.SendAsync(target.Url, notification.DeliveryId, body, cancellationToken);
    }
}
