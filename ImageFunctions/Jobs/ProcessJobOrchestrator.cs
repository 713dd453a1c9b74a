using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Jobs;

/// <summary>
/// The job orchestration: one <c>ProcessImage</c> activity per image, fanned out at once and fanned in as they finish.
/// Deterministic: it only reads its input and the activities' results.
/// </summary>
public static class ProcessJobOrchestrator
{
    /// <summary>Transient faults (storage hiccups) are retried; a bad image is not a fault, it is a failed outcome.</summary>
    public static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(15)));

    [Function(nameof(ProcessJob))]
    public static async Task<JobResult> ProcessJob([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var spec = context.GetInput<JobSpec>() ?? throw new InvalidOperationException("The job orchestration needs a JobSpec input.");
        var logger = context.CreateReplaySafeLogger(nameof(ProcessJob));
        logger.LogInformation("Job {JobId} started with {ImageCount} images, filter {Filter}", spec.JobId, spec.Images.Count, spec.Filter);

        var running = spec.Images.Select(image => ProcessOneAsync(context, image)).ToList();
        var outcomes = new Dictionary<string, ImageOutcome>(StringComparer.Ordinal);
        context.SetCustomStatus(new JobProgress(spec.Images.Count, 0, 0));

        while (running.Count > 0)
        {
            var finished = await Task.WhenAny(running);
            running.Remove(finished);
            var outcome = await finished;
            outcomes[outcome.TaskId] = outcome;
            var succeeded = outcomes.Values.Count(o => o.Succeeded);
            context.SetCustomStatus(new JobProgress(spec.Images.Count, succeeded, outcomes.Count - succeeded));
        }

        var result = new JobResult(spec.JobId, spec.Images.Select(image => outcomes[image.TaskId]).ToList());
        logger.LogInformation("Job {JobId} finished: {Succeeded} succeeded, {Failed} failed", spec.JobId, result.Succeeded, result.Failed);
        return result;
    }

    private static async Task<ImageOutcome> ProcessOneAsync(TaskOrchestrationContext context, ImageTask image)
    {
        try
        {
            return await context.CallActivityAsync<ImageOutcome>(nameof(ProcessImageActivity.ProcessImage), image, ActivityRetry);
        }
        catch (TaskFailedException ex)
        {
            return new ImageOutcome(image.TaskId, image.FileName, image.OutputName, false, $"Processing failed after retries: {ex.FailureDetails.ErrorMessage}");
        }
    }
}
