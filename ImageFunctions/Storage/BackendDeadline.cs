namespace ImageFunctions.Storage;

/// <summary>
/// The time a request may spend waiting for its backends (<c>ImageFunctions:Backends:RequestTimeoutSeconds</c>, default 5 s).
/// The storage SDK's retries, a frozen storage account or a Durable client reading a stalled task hub would otherwise hold a
/// request for tens of seconds; past the deadline the call is cancelled and abandoned, and the request answers 503 with
/// <c>Retry-After</c> (<see cref="BackendTimeoutException"/>, a <see cref="TimeoutException"/>, is answered as such by <c>Api/Faults/UnhandledFaults</c>).
/// </summary>
public sealed class BackendDeadline(TimeSpan timeout)
{
    /// <summary>The bound of one <see cref="Start"/>ed budget.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>A budget of <see cref="Timeout"/> from now for the backend calls that follow; dispose it when they are done.</summary>
    public BackendBudget Start(CancellationToken requestAborted) => new(Timeout, requestAborted);

    /// <summary>One backend call in a budget of its own.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken requestAborted)
    {
        using var budget = Start(requestAborted);
        return await budget.RunAsync(call).ConfigureAwait(false);
    }

    /// <summary>One backend call in a budget of its own.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> call, CancellationToken requestAborted)
    {
        using var budget = Start(requestAborted);
        await budget.RunAsync(call).ConfigureAwait(false);
    }
}

/// <summary>
/// The time left for a request's backend calls: each <see cref="RunAsync{T}"/> gets <see cref="Token"/> and is abandoned
/// when the budget runs out, even if the library behind it ignores cancellation.
/// </summary>
public sealed class BackendBudget : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _requestAborted;
    private readonly TimeSpan _timeout;

    internal BackendBudget(TimeSpan timeout, CancellationToken requestAborted)
    {
        _timeout = timeout;
        _requestAborted = requestAborted;
        _source = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        _source.CancelAfter(timeout);
    }

    /// <summary>Cancelled when the budget runs out or the request is aborted.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The budget ran out (not the client's abort).</summary>
    public bool Expired => _source.IsCancellationRequested && !_requestAborted.IsCancellationRequested;

    /// <exception cref="BackendTimeoutException">The budget ran out before <paramref name="call"/> finished.</exception>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Token).WaitAsync(Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Expired)
        {
            // Whatever the call threw once cancelled (OperationCanceledException, RpcException Cancelled, a wrapped one) is the timeout.
            throw new BackendTimeoutException(_timeout, ex);
        }
    }

    /// <exception cref="BackendTimeoutException">The budget ran out before <paramref name="call"/> finished.</exception>
    public Task RunAsync(Func<CancellationToken, Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return RunAsync(async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        });
    }

    public void Dispose() => _source.Dispose();
}

/// <summary>A backend did not answer within the request's <see cref="BackendDeadline"/>: a 503 with <c>Retry-After</c>.</summary>
public sealed class BackendTimeoutException(TimeSpan timeout, Exception? inner = null)
    : TimeoutException($"A backend did not answer within {timeout.TotalSeconds:0.###} s.", inner);
