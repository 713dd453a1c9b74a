namespace ImageFunctions.Jobs;

/// <summary>
/// While an image is in the engine, asks the job state store every <see cref="Interval"/> whether its job was deleted,
/// and then cancels <see cref="Token"/>, which the engine checks before each filter and before encoding.
/// </summary>
public sealed class DeletionWatch : IAsyncDisposable
{
    /// <summary>How often the deletion mark is read: one small read per image in the engine, four times a second.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _cancel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile bool _jobDeleted;

    private DeletionWatch(IJobStateStore state, string jobId, CancellationToken cancellationToken)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _loop = WatchAsync(state, jobId);
    }

    /// <summary>Cancelled when the job is deleted or <c>cancellationToken</c> is.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>True once the watch saw the job deleted.</summary>
    public bool JobDeleted => _jobDeleted;

    public static DeletionWatch Start(IJobStateStore state, string jobId, CancellationToken cancellationToken) =>
        new(state, jobId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancel.Dispose();
    }

    private async Task WatchAsync(IJobStateStore state, string jobId)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (await state.IsDeletedAsync(jobId, _stop.Token))
                {
                    _jobDeleted = true;
                    await _cancel.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the image left the engine
        }
    }
}
