using System.Diagnostics;
using System.Security.Cryptography;
using ImageFunctions.Settings;
using ImageFunctions.Imaging;
using ImageFunctions.Storage;
using ImageFunctions.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Jobs;

/// <summary>
/// Processes one image of a job: load the upload, reuse a cached result or run the engine, store the result,
/// record live progress. A bad image gives a failed outcome; storage faults throw so the orchestrator retries.
/// A deleted job (<see cref="JobDeleter"/>) stops at the next stage boundary: before the upload is loaded and decoded,
/// before the encoder runs (the engine's cancellation token, fired by a <see cref="DeletionWatch"/>), before the save;
/// a result saved just as the job was deleted is deleted again. Each stage is a span of <see cref="ImageTracing"/> (the engine's
/// decode, filters and encode are spans of <see cref="ImagePipeline"/>) and a duration in <see cref="ImageMetrics"/>.
/// </summary>
public sealed class ImageTaskProcessor(
    IImageStore store,
    IJobStateStore state,
    ImagePipeline pipeline,
    ImageMetrics metrics,
    IOptions<ImageFunctionsOptions> options,
    ILogger<ImageTaskProcessor> logger)
{
    private readonly StorageOptions _storage = options.Value.Storage;
    private readonly bool _shareAcrossJobs = options.Value.Jobs.ShareResultsAcrossJobs;

    /// <summary>
    /// The result cache's key: the source's SHA-256 and the options, scoped to the job unless
    /// <see cref="JobOptions.ShareResultsAcrossJobs"/> is set.
    /// </summary>
    internal string CacheKey(string jobId, byte[] sourceHash, FilterChain chain, OutputOptions output)
    {
        var key = $"{Convert.ToHexStringLower(sourceHash)}:{chain.Canonical}:{output.Format}:{output.Quality}";
        return _shareAcrossJobs ? key : $"job:{jobId}:{key}";
    }

    /// <summary>The outcome of an image whose job was deleted while it waited or ran.</summary>
    public const string CancelledError = "The job was cancelled.";

    public async Task<ImageOutcome> ProcessAsync(ImageTask task, CancellationToken cancellationToken)
    {
        if (await state.IsDeletedAsync(task.JobId, cancellationToken))
        {
            return Failed(task, CancelledError); // queued before the job was deleted: nothing is loaded, nothing recorded
        }

        var started = Stopwatch.GetTimestamp();
        await state.SetImageStateAsync(task.JobId, task.TaskId, new ImageState(ImageStatuses.Started), cancellationToken);
        metrics.StageDone("progress", started);

        var outcome = await RunAsync(task, cancellationToken);
        if (outcome.Error == CancelledError)
        {
            return outcome;
        }

        var status = outcome.Succeeded ? ImageStatuses.Success : ImageStatuses.Failure;
        var finishing = Stopwatch.GetTimestamp();
        await state.SetImageStateAsync(task.JobId, task.TaskId, new ImageState(status, outcome.Error), cancellationToken);
        metrics.StageDone("progress", finishing);
        metrics.ImageDone(!outcome.Succeeded ? "failed" : outcome.FromCache ? "cached" : "succeeded");
        return outcome;
    }

    private async Task<ImageOutcome> RunAsync(ImageTask task, CancellationToken cancellationToken)
    {
        FilterChain chain;
        OutputOptions output;
        try
        {
            chain = FilterChain.Parse(task.Filter);
            output = OutputOptions.Parse(task.Format, task.Quality.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is FilterSpecException or ArgumentException)
        {
            return Failed(task, ex.Message);
        }

        var loading = Stopwatch.GetTimestamp();
        MemoryStream? loaded;
        using (var span = StartSpan(ImageTracing.Load, task))
        {
            loaded = await LoadSourceAsync(task, cancellationToken);
            span?.SetTag(ImageTracing.BytesTag, loaded?.Length);
        }

        using var source = loaded;
        metrics.StageDone("load", loading);
        if (source is null)
        {
            return Failed(task, "The uploaded image is no longer in storage.");
        }

        metrics.BytesRead(source.Length);
        var caching = Stopwatch.GetTimestamp();
        var target = JobBlobNames.Processed(task.JobId, task.OutputName);
        var cacheKey = CacheKey(task.JobId, SHA256.HashData(source.GetBuffer().AsSpan(0, (int)source.Length)), chain, output);
        bool reused;
        string? cached;
        using (StartSpan(ImageTracing.Cache, task))
        {
            cached = await state.GetCachedResultAsync(cacheKey, cancellationToken);
            reused = cached is not null && await store.CopyAsync(_storage.ProcessedContainer, cached, _storage.ProcessedContainer, target, cancellationToken);
        }

        metrics.StageDone("cache", caching);
        if (reused)
        {
            logger.LogDebug("Job {JobId} image {TaskId} reused cached result {CachedBlob}", task.JobId, task.TaskId, cached);
            return new ImageOutcome(task.TaskId, task.FileName, task.OutputName, true, null, FromCache: true);
        }

        using var result = new MemoryStream();
        ProcessedImageInfo info;
        var processing = Stopwatch.GetTimestamp();
        await using var deletion = DeletionWatch.Start(state, task.JobId, cancellationToken);
        try
        {
            info = await pipeline.ProcessAsync(source, result, chain, output, queue: task.JobId, deletion.Token);
        }
        catch (OperationCanceledException) when (deletion.JobDeleted)
        {
            return Failed(task, CancelledError);
        }
        catch (ImageRejectedException ex)
        {
            logger.LogWarning("Job {JobId} image {TaskId} ({FileName}) rejected: {Reason}", task.JobId, task.TaskId, task.FileName, ex.Message);
            return Failed(task, ex.Message);
        }
        finally
        {
            metrics.StageDone("engine", processing);
        }

        var saving = Stopwatch.GetTimestamp();
        using var saveSpan = StartSpan(ImageTracing.Save, task);
        saveSpan?.SetTag(ImageTracing.BytesTag, result.Length);
        if (await state.IsDeletedAsync(task.JobId, cancellationToken))
        {
            return Failed(task, CancelledError);
        }

        result.Position = 0;
        await store.SaveAsync(_storage.ProcessedContainer, target, result, info.Format.MimeType, cancellationToken);
        if (await state.IsDeletedAsync(task.JobId, cancellationToken))
        {
            // Deleted between the check and the save: the deleter may have swept the job's results already.
            await store.DeletePrefixAsync(_storage.ProcessedContainer, JobBlobNames.JobPrefix(task.JobId), cancellationToken);
            return Failed(task, CancelledError);
        }

        await state.SetCachedResultAsync(cacheKey, target, cancellationToken);
        metrics.StageDone("save", saving);
        metrics.BytesWritten(result.Length);
        logger.LogDebug("Job {JobId} image {TaskId} processed to {Blob} ({Width}x{Height})", task.JobId, task.TaskId, target, info.Width, info.Height);
        return new ImageOutcome(task.TaskId, task.FileName, task.OutputName, true, null);
    }

    private async Task<MemoryStream?> LoadSourceAsync(ImageTask task, CancellationToken cancellationToken)
    {
        await using var stored = await store.OpenReadAsync(_storage.UploadsContainer, task.SourceBlob, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var buffer = new MemoryStream(capacity: (int)Math.Clamp(stored.Info.Length, 0, int.MaxValue));
        await stored.Content.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        return buffer;
    }

    private static Activity? StartSpan(string name, ImageTask task) =>
        ImageTracing.Start(name)?.SetTag(ImageTracing.JobIdTag, task.JobId).SetTag(ImageTracing.TaskIdTag, task.TaskId);

    private static ImageOutcome Failed(ImageTask task, string error) =>
        new(task.TaskId, task.FileName, task.OutputName, false, error);
}
