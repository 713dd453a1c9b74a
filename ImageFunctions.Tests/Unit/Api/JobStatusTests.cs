using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.Status;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The job-level <c>status</c> agrees with the per-image states (<c>all_ready</c>) of the same document.</summary>
public sealed class JobStatusTests
{
    [Theory]
    // Every image ready while the orchestration is still recording its end: already the final status.
    [InlineData(OrchestrationRuntimeStatus.Running, 3, 3, 0, true, JobStatuses.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Running, 3, 2, 1, true, JobStatuses.CompletedWithErrors)]
    [InlineData(OrchestrationRuntimeStatus.Running, 3, 0, 3, true, JobStatuses.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Running, 3, 2, 0, false, JobStatuses.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending, 3, 0, 0, false, JobStatuses.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Completed, 3, 3, 0, true, JobStatuses.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Completed, 3, 1, 2, true, JobStatuses.CompletedWithErrors)]
    [InlineData(OrchestrationRuntimeStatus.Completed, 3, 0, 3, true, JobStatuses.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Failed, 3, 3, 0, true, JobStatuses.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, 3, 1, 0, true, JobStatuses.Cancelled)]
    public void StatusOf_FollowsTheImagesOnceAllAreReady(
        OrchestrationRuntimeStatus runtime, int total, int succeeded, int failed, bool allReady, string expected)
    {
        var progress = new JobProgressResponse(total, succeeded, failed, total - succeeded - failed);

        Assert.Equal(expected, JobStatusReader.StatusOf(runtime, progress, allReady));
    }
}
