using ImageFunctions.Jobs.Notifications;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.Notifications;

/// <summary>The notification activity (one delivery attempt): a thin adapter over <see cref="JobNotifier"/>.</summary>
public sealed class NotifyJobActivity(JobNotifier notifier)
{
    [Function(NotificationDelivery.ActivityName)]
    public Task<NotificationAttempt> NotifyJob([ActivityTrigger] JobNotification notification, CancellationToken cancellationToken) =>
        notifier.NotifyAsync(notification, cancellationToken);
}
