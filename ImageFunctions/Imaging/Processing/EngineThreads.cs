using System.Collections.Concurrent;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// A task scheduler with its own threads, one per core, for the engine's CPU-bound work (decode, filters, encode). The
/// work never runs on the thread pool, whose threads serve the HTTP requests, the Durable worker's gRPC streams and the
/// storage and Redis clients: with the images on the pool, a heavy job took every pool thread for seconds at a time and
/// a status call waited for the pool to grow (up to 33 s on the Azure Storage backend). The row bands of a filter
/// (<see cref="RowParallel"/>) name <see cref="TaskScheduler.Current"/>, this scheduler, so they stay on these threads too.
/// (ImageSharp's own parallel loops, which it runs only while a single image is in the engine, still use the pool.)
/// </summary>
internal sealed class EngineThreads : TaskScheduler, IDisposable
{
    private readonly BlockingCollection<Task> _queue = new(new ConcurrentQueue<Task>());
    private readonly Thread[] _threads;

    [ThreadStatic]
    private static EngineThreads? _owner;

    /// <summary>The engine's scheduler: one thread per core, for the life of the process.</summary>
    public static EngineThreads Shared { get; } = new(Environment.ProcessorCount);

    public EngineThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"image-engine-{i + 1}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Whether the calling thread is one of this scheduler's.</summary>
    public bool IsEngineThread => ReferenceEquals(_owner, this);

    /// <summary>Runs <paramref name="work"/> on one of these threads and completes with its result.</summary>
    public Task<T> Run<T>(Func<T> work, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(work, cancellationToken, TaskCreationOptions.DenyChildAttach, this);

    protected override void QueueTask(Task task) => _queue.Add(task);

    // Inline only on these threads (a parallel loop's own bands, a wait for a band), never on a pool thread.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        IsEngineThread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    public void Dispose() => _queue.CompleteAdding();

    private void Work()
    {
        _owner = this;
        foreach (var task in _queue.GetConsumingEnumerable())
        {
            TryExecuteTask(task);
        }
    }
}
