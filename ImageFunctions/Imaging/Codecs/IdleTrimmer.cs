namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// Calls a trim once work has stopped for <see cref="Delay"/>: each piece of work is counted between
/// <see cref="Enter"/> and the disposal of its scope; when the last one ends the timer starts, new work stops it, and
/// when it fires with nothing running (and some work since the last trim) the trim runs, on the timer's thread. An
/// idle process does nothing: no timer runs until work has been done.
/// </summary>
internal sealed class IdleTrimmer : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Action _trim;
    private readonly ITimer _timer;
    private int _active;
    private bool _workSinceTrim;

    public IdleTrimmer(TimeSpan delay, Action trim, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(trim);
        ArgumentNullException.ThrowIfNull(time);
        Delay = delay;
        _trim = trim;
        _timer = time.CreateTimer(_ => OnIdle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>How long the work must have stopped before the trim runs.</summary>
    public TimeSpan Delay { get; }

    /// <summary>Counts one piece of work until the scope is disposed.</summary>
    public Scope Enter()
    {
        lock (_lock)
        {
            _active++;
            _workSinceTrim = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        return new Scope(this);
    }

    public void Dispose() => _timer.Dispose();

    private void Exit()
    {
        lock (_lock)
        {
            if (--_active == 0)
            {
                _timer.Change(Delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnIdle()
    {
        lock (_lock)
        {
            if (_active > 0 || !_workSinceTrim)
            {
                return;
            }

            _workSinceTrim = false;
        }

        _trim();
    }

    /// <summary>One piece of work; dispose once when it ends.</summary>
    internal sealed class Scope(IdleTrimmer trimmer) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                trimmer.Exit();
            }
        }
    }
}
