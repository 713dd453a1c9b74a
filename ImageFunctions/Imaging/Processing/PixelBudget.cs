namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Admission of images by their pixel count: a weighted semaphore of <see cref="Capacity"/> pixels. An image waits
/// until its pixels fit beside those already admitted; waiters are admitted first come, first served, so a large
/// image is not starved by a stream of small ones. A request larger than the capacity counts as the whole capacity
/// (it runs alone).
/// </summary>
internal sealed class PixelBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private long _available;

    public PixelBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _available = capacity;
    }

    /// <summary>Pixels that may be admitted at once.</summary>
    public long Capacity { get; }

    /// <summary>Pixels admitted now.</summary>
    public long InUse
    {
        get
        {
            lock (_lock)
            {
                return Capacity - _available;
            }
        }
    }

    /// <summary>Waits until <paramref name="pixels"/> fit, then holds them until the lease is disposed.</summary>
    public ValueTask<PixelLease> AcquireAsync(long pixels, CancellationToken cancellationToken)
    {
        var weight = Math.Clamp(pixels, 1, Capacity);
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= weight)
            {
                _available -= weight;
                return ValueTask.FromResult(new PixelLease(this, weight));
            }

            node = _waiters.AddLast(new Waiter(weight));
        }

        return new ValueTask<PixelLease>(WaitAsync(node, cancellationToken));
    }

    internal void Release(long weight)
    {
        List<Waiter> admitted;
        lock (_lock)
        {
            _available += weight;
            admitted = AdmitWaiters();
        }

        foreach (var waiter in admitted)
        {
            waiter.TrySetResult();
        }
    }

    private async Task<PixelLease> WaitAsync(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        var waiter = node.Value;
        await using (cancellationToken.Register(() => Cancel(node, cancellationToken)))
        {
            await waiter.Task.ConfigureAwait(false);
        }

        return new PixelLease(this, waiter.Weight);
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        List<Waiter> admitted;
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already admitted: the lease is handed out and released as usual
            }

            _waiters.Remove(node);
            admitted = AdmitWaiters(); // a large waiter at the head may have held back smaller ones
        }

        node.Value.TrySetCanceled(cancellationToken);
        foreach (var waiter in admitted)
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Admits waiters from the head while they fit; completes them outside the lock.</summary>
    private List<Waiter> AdmitWaiters()
    {
        var admitted = new List<Waiter>();
        while (_waiters.First is { } first && first.Value.Weight <= _available)
        {
            _available -= first.Value.Weight;
            _waiters.RemoveFirst();
            admitted.Add(first.Value);
        }

        return admitted;
    }

    // Continuations run asynchronously: a releasing image never runs the next one inline.
    private sealed class Waiter(long weight) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public long Weight { get; } = weight;
    }
}

/// <summary>Pixels admitted by <see cref="PixelBudget.AcquireAsync"/>; disposing gives them back (once).</summary>
internal sealed class PixelLease(PixelBudget budget, long weight) : IDisposable
{
    private int _released;

    /// <summary>The pixels held (the request, at most the budget's capacity).</summary>
    public long Weight { get; } = weight;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            budget.Release(Weight);
        }
    }
}
