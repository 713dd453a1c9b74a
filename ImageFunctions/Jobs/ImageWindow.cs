namespace ImageFunctions.Jobs;

/// <summary>
/// Runs one task per item with at most a window of them unfinished at once: <c>window</c> lanes, each taking the next
/// item in order as its previous one finishes. The job orchestrator's fan-out: a job keeps only its window of activities
/// in the task hub's (first in, first out) work-item queue, so the images of jobs submitted after it queue behind that
/// window, not behind the whole job.
/// </summary>
/// <remarks>
/// Replay-safe in an orchestrator: the items are started in their order whatever order the tasks finish in, so the
/// sequence of scheduled activities is the same on every replay; continuations run one at a time on the orchestration
/// thread, so the shared position needs no lock. Linear: each item is started once and each lane awaits one task at a
/// time (no <c>Task.WhenAny</c> over the pending tasks, which would be quadratic in a 1000-image job).
/// </remarks>
public static class ImageWindow
{
    /// <summary>
    /// Starts <paramref name="run"/> for each of <paramref name="items"/> in order, at most <paramref name="window"/>
    /// unfinished at once (null: all at once), and returns the results in the items' order.
    /// </summary>
    public static async Task<TResult[]> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int? window, Func<TItem, Task<TResult>> run)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(run);
        var results = new TResult[items.Count];
        var next = 0;

        async Task LaneAsync()
        {
            while (next < items.Count)
            {
                var index = next++;
                results[index] = await run(items[index]);
            }
        }

        var lanes = LaneCount(items.Count, window);
        var running = new Task[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            running[lane] = LaneAsync();
        }

        await Task.WhenAll(running);
        return results;
    }

    /// <summary>Lanes for <paramref name="items"/> items: the window (at least 1), at most one per item.</summary>
    public static int LaneCount(int items, int? window) => Math.Min(items, window is { } size ? Math.Max(1, size) : items);
}
