namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Runs row bands of a filter in parallel when the image is large enough to pay for it.
/// <see cref="MaxDegreeOfParallelism"/> = 1 forces single-threaded work (used by the benchmarks).
/// </summary>
internal static class RowParallel
{
    /// <summary>Below this many bytes of output, work stays on the calling thread.</summary>
    public const int MinBytesPerTask = 256 * 1024;

    /// <summary>-1 uses every core; 1 forces single-threaded filters and ImageSharp operations.</summary>
    public static int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Calls <paramref name="body"/>(start, end) for bands covering rows [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public static void For(int first, int end, int rowBytes, Action<int, int> body)
    {
        var rows = end - first;
        if (rows <= 0)
        {
            return;
        }

        var cores = MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount;
        var byWork = (int)Math.Min(int.MaxValue, (long)rows * rowBytes / MinBytesPerTask);
        var tasks = Math.Min(Math.Min(cores, byWork), rows);
        if (tasks <= 1)
        {
            body(first, end);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = tasks };
        Parallel.For(0, tasks, options, task =>
        {
            var start = first + (int)((long)rows * task / tasks);
            var stop = first + (int)((long)rows * (task + 1) / tasks);
            body(start, stop);
        });
    }
}
