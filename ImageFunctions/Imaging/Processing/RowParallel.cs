namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Runs row bands of a filter in parallel when the image is large enough to pay for it, sharing the cores between
/// the images being processed at the same time (<see cref="EnterImage"/>): two images on two cores get one core each,
/// so concurrent activities never multiply into more threads than cores.
/// <see cref="MaxDegreeOfParallelism"/> = 1 forces single-threaded work (used by the benchmarks).
/// </summary>
internal static class RowParallel
{
    private static int _imagesInProgress;

    /// <summary>Below this many bytes of output, work stays on the calling thread.</summary>
    public const int MinBytesPerTask = 256 * 1024;

    /// <summary>-1 uses every core; 1 forces single-threaded filters and ImageSharp operations.</summary>
    public static int MaxDegreeOfParallelism { get; set; } = -1;

    /// <summary>Images between <see cref="EnterImage"/> and the disposal of its result.</summary>
    public static int ImagesInProgress => Volatile.Read(ref _imagesInProgress);

    /// <summary>The threads one image may use now: <see cref="MaxDegreeOfParallelism"/> if set, else the cores divided among the images in progress.</summary>
    public static int DegreeForOneImage =>
        MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Math.Max(1, Environment.ProcessorCount / Math.Max(1, ImagesInProgress));

    /// <summary>Counts one image as in progress until the result is disposed.</summary>
    public static ImageInProgress EnterImage()
    {
        Interlocked.Increment(ref _imagesInProgress);
        return new ImageInProgress();
    }

    internal static void LeaveImage() => Interlocked.Decrement(ref _imagesInProgress);

    /// <summary>Calls <paramref name="body"/>(start, end) for bands covering rows [<paramref name="first"/>, <paramref name="end"/>).</summary>
    public static void For(int first, int end, int rowBytes, Action<int, int> body)
    {
        var rows = end - first;
        if (rows <= 0)
        {
            return;
        }

        var cores = DegreeForOneImage;
        var byWork = (int)Math.Min(int.MaxValue, (long)rows * rowBytes / MinBytesPerTask);
        var tasks = Math.Min(Math.Min(cores, byWork), rows);
        if (tasks <= 1)
        {
            body(first, end);
            return;
        }

        // Named explicitly: left null, the loop's helper tasks went to the thread pool even from an engine thread.
        var options = new ParallelOptions { MaxDegreeOfParallelism = tasks, TaskScheduler = TaskScheduler.Current };
        Parallel.For(0, tasks, options, task =>
        {
            var start = first + (int)((long)rows * task / tasks);
            var stop = first + (int)((long)rows * (task + 1) / tasks);
            body(start, stop);
        });
    }
}

/// <summary>One image counted by <see cref="RowParallel.EnterImage"/>; dispose once when its processing ends.</summary>
internal readonly struct ImageInProgress : IDisposable
{
    public void Dispose() => RowParallel.LeaveImage();
}
