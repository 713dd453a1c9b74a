using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Jobs;

/// <summary>The per-image activity: a thin adapter over <see cref="ImageTaskProcessor"/>.</summary>
public sealed class ProcessImageActivity(ImageTaskProcessor processor)
{
    [Function(nameof(ProcessImage))]
    public Task<ImageOutcome> ProcessImage([ActivityTrigger] ImageTask task, CancellationToken cancellationToken) =>
        processor.ProcessAsync(task, cancellationToken);
}
