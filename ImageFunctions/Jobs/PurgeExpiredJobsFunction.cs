using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Jobs;

/// <summary>Every hour, removes jobs older than the retention period (see <see cref="RetentionCleaner"/>).</summary>
public sealed class PurgeExpiredJobsFunction(RetentionCleaner cleaner)
{
    [Function("PurgeExpiredJobs")]
    public Task PurgeExpiredJobs(
        [TimerTrigger("0 17 * * * *")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        cleaner.CleanAsync(client, cancellationToken);
}
