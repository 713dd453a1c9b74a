namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// Counts the activities running in this process and owns the token they get, so shutdown can first wait for them
/// (<see cref="WaitIdleAsync"/>) and then abandon the rest (<see cref="AbandonAll"/>): an abandoned activity's result is
/// never reported, so the backend hands it out again on the next start.
/// </summary>
public sealed class ActivityTracker : IDisposable
{
    private readonly CancellationTokenSource _abandon = new();
    private int _running;

    /// <summary>Activities running now.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Cancelled when running activities are abandoned at shutdown.</summary>
    public CancellationToken AbandonToken => _abandon.Token;

    /// <summary>Marks one activity as running until the returned handle is disposed.</summary>
    public IDisposable Enter()
    {
        Interlocked.Increment(ref _running);
        return new Exit(this);
    }

    /// <summary>Waits until no activity runs, or <paramref name="grace"/> passes; true when idle.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan grace, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + grace;
        while (Running > 0)
        {
            if (DateTime.UtcNow >= deadline || cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Cancels the token of every running activity.</summary>
    public void AbandonAll()
    {
        if (!_abandon.IsCancellationRequested)
        {
            _abandon.Cancel();
        }
    }

    public void Dispose() => _abandon.Dispose();

    private sealed class Exit(ActivityTracker tracker) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref tracker._running);
            }
        }
    }
}
