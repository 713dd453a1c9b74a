using ImageFunctions.Jobs;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.DurableTask;

namespace ImageFunctions.Tests.Support;

/// <summary>Puts uploads straight into the store and schedules the real orchestration, bypassing HTTP.</summary>
public static class JobFactory
{
    public static async Task<JobSpec> StartAsync(AppHost host, string filter, params (string Name, byte[] Bytes)[] images)
    {
        var jobId = JobIds.New();
        var names = new OutputNameSet();
        var tasks = new List<ImageTask>();
        foreach (var (name, bytes) in images)
        {
            var taskId = JobIds.New();
            var blob = JobBlobNames.Upload(jobId, taskId);
            await host.Store.SaveAsync(host.Options.Storage.UploadsContainer, blob, new MemoryStream(bytes), "application/octet-stream", CancellationToken.None);
            tasks.Add(new ImageTask(jobId, taskId, name, blob, names.Add(name, ".png"), filter, "png", 90));
        }

        var spec = new JobSpec(jobId, filter, "png", 90, DateTimeOffset.UtcNow, tasks);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ProcessJobOrchestrator.ProcessJob), spec, new StartOrchestrationOptions(jobId));
        return spec;
    }

    public static async Task<byte[]> ReadProcessedAsync(AppHost host, string jobId, string outputName)
    {
        await using var stored = await host.Store.OpenReadAsync(host.Options.Storage.ProcessedContainer, JobBlobNames.Processed(jobId, outputName), CancellationToken.None);
        Assert.NotNull(stored);
        using var buffer = new MemoryStream();
        await stored.Content.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
