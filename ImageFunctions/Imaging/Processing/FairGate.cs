namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// A fixed number of slots handed out round-robin between keys (the engine's: job ids): each key's waiters queue first
/// come, first served, and when a slot frees it goes to the next key in turn, so a job with one image waiting is served
/// after at most one image of every other job, not after all of a large job's queued images.
/// </summary>
internal sealed class FairGate
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedList<Waiter>> _queues = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _turns = new();
    private int _free;

    public FairGate(int slots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        Slots = slots;
        _free = slots;
    }

    /// <summary>Slots there are.</summary>
    public int Slots { get; }

    /// <summary>Callers waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queues.Values.Sum(queue => queue.Count);
            }
        }
    }

    /// <summary>Waits for a slot in <paramref name="key"/>'s turn; the slot is held until the returned lease is disposed.</summary>
    public ValueTask<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_free > 0 && _turns.Count == 0)
            {
                _free--;
                return ValueTask.FromResult<IDisposable>(new Lease(this));
            }

            if (!_queues.TryGetValue(key, out var queue))
            {
                queue = new LinkedList<Waiter>();
                _queues[key] = queue;
                _turns.AddLast(key);
            }

            node = queue.AddLast(new Waiter(key));
        }

        return new ValueTask<IDisposable>(WaitAsync(node, cancellationToken));
    }

    private async Task<IDisposable> WaitAsync(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Cancel(node, cancellationToken)))
        {
            await node.Value.Task.ConfigureAwait(false);
        }

        return new Lease(this);
    }

    private void Release()
    {
        Waiter? next;
        lock (_lock)
        {
            next = TakeNextInTurn();
            if (next is null)
            {
                _free++;
            }
        }

        next?.TrySetResult();
    }

    private void Cancel(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is not { } queue)
            {
                return; // already given a slot: the lease is handed out and released as usual
            }

            queue.Remove(node);
            if (queue.Count == 0)
            {
                _queues.Remove(node.Value.Key);
                _turns.Remove(node.Value.Key);
            }
        }

        node.Value.TrySetCanceled(cancellationToken);
    }

    /// <summary>The first waiter of the key whose turn it is; that key goes to the back of the turns while it has more.</summary>
    private Waiter? TakeNextInTurn()
    {
        if (_turns.First is not { } turn)
        {
            return null;
        }

        var queue = _queues[turn.Value];
        var waiter = queue.First!.Value;
        queue.RemoveFirst();
        _turns.RemoveFirst();
        if (queue.Count == 0)
        {
            _queues.Remove(turn.Value);
        }
        else
        {
            _turns.AddLast(turn);
        }

        return waiter;
    }

    // Continuations run asynchronously: a releasing image never runs the next one inline.
    private sealed class Waiter(string key) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public string Key { get; } = key;
    }

    private sealed class Lease(FairGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
