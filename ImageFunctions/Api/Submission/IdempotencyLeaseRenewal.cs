using ImageFunctions.Jobs;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// Keeps a claimed <c>Idempotency-Key</c> held for as long as its request runs: renews the claim's lease every third of
/// it, so a slow upload (up to <c>UploadRequestTimeoutSeconds</c>) keeps its key while a crashed request still frees it
/// within one lease. Disposing stops the renewals; the caller then binds or releases the key.
/// </summary>
public sealed class IdempotencyLeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private IdempotencyLeaseRenewal(IJobStateStore state, string keyHash, string token, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        _loop = RenewAsync(state, keyHash, token, lease, time, logger, _stop.Token);
    }

    /// <summary>Starts renewing the claim that <paramref name="token"/> holds on <paramref name="keyHash"/>.</summary>
    public static IdempotencyLeaseRenewal Start(
        IJobStateStore state, string keyHash, string token, TimeSpan lease, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        return new IdempotencyLeaseRenewal(state, keyHash, token, lease, time, logger);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task RenewAsync(
        IJobStateStore state, string keyHash, string token, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                if (!await state.RenewIdempotencyKeyAsync(keyHash, token, lease, stop))
                {
                    // Lost (the store was down past the lease, or it was flushed): the request goes on; binding will fail and be logged.
                    logger.LogWarning("The Idempotency-Key's claim could not be renewed; another request with it may no longer get 409");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by the request's end.
        }
    }
}
