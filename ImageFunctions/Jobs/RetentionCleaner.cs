using ImageFunctions.Jobs.Notifications;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Jobs;

/// <summary>
/// Deletes what outlived the job retention period: uploads and results older than it, and the Durable records of
/// the jobs they belonged to. Redis keys expire on their own. The records of cancelled-job notifications that have ended
/// go at once: they hold the spec of a job that was deleted.
/// </summary>
public sealed class RetentionCleaner(IImageStore store, TimeProvider time, IOptions<ImageFunctionsOptions> options, ILogger<RetentionCleaner> logger)
{
    private readonly ImageFunctionsOptions _options = options.Value;

    /// <summary>Cleans up; returns how many stored objects were deleted.</summary>
    public async Task<int> CleanAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromHours(_options.Jobs.RetentionHours);
        var expiredJobs = new HashSet<string>(StringComparer.Ordinal);
        var deleted = 0;
        foreach (var container in new[] { _options.Storage.UploadsContainer, _options.Storage.ProcessedContainer })
        {
            var expired = new List<string>();
            await foreach (var item in store.ListAsync(container, string.Empty, cancellationToken))
            {
                if (item.LastModified < cutoff)
                {
                    expired.Add(item.Name);
                }
            }

            foreach (var name in expired)
            {
                await store.DeletePrefixAsync(container, name, cancellationToken);
                expiredJobs.Add(name.Split('/')[0]);
            }

            deleted += expired.Count;
        }

        // Purging by id removes only finished instances: a job still running keeps its record.
        var purged = 0;
        foreach (var jobId in expiredJobs.Where(JobIds.IsValid))
        {
            purged += (await client.PurgeInstanceAsync(jobId, cancellation: cancellationToken)).PurgedInstanceCount;
        }

        purged += await PurgeEndedCancellationNoticesAsync(client, cancellationToken);

        logger.LogInformation("Retention clean-up before {Cutoff}: {Deleted} objects deleted, {Purged} job records purged", cutoff, deleted, purged);
        return deleted;
    }

    private static async Task<int> PurgeEndedCancellationNoticesAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var ended = new List<string>();
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = NotifyJobCancelledOrchestrator.InstancePrefix,
            Statuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated],
        };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            ended.Add(instance.InstanceId);
        }

        var purged = 0;
        foreach (var instanceId in ended)
        {
            purged += (await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken)).PurgedInstanceCount;
        }

        return purged;
    }
}
