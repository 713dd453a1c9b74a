using DurableTask.Core;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// Passes everything to the backend's <see cref="IOrchestrationService"/>, with two changes:
/// <list type="bullet">
/// <item>host.json's concurrency limits are enforced here, by waiting for a free slot before a work item is fetched and
/// freeing it when the item is completed, abandoned or released. The sidecar's dispatcher enforces the limit it reads
/// from the service by polling every 500 ms once it is reached, which cost up to half a second per batch of
/// activities; so the service reports no limit to it and the wait is a notification instead.</item>
/// <item>the lock of every activity work item is renewed while the activity runs (every <c>activityLockRenewal</c>), which
/// the sidecar does not do. So the work-item queue's visibility timeout can be short: the messages of activities a killed
/// process held come back within seconds, while a long activity of a live process keeps its message.</item>
/// <item>start and stop are safe to call in any order: the sidecar stops its dispatchers (and so the service) from an
/// <c>async void</c> shutdown callback even when they never started, and <c>AzureStorageOrchestrationService.StopAsync</c>
/// throws when it was not started, which would end the process.</item>
/// </list>
/// </summary>
internal sealed class GatedOrchestrationService(
    IOrchestrationService inner, int maxActivities, int maxOrchestrations, TimeSpan? activityLockRenewal = null) : IOrchestrationService
{
    /// <summary>What the dispatcher is told, so that it never reaches its own (polling) limit.</summary>
    private const int UnlimitedForDispatcher = int.MaxValue;

    private readonly WorkItemSlots<TaskActivityWorkItem> _activities = new(maxActivities);
    private readonly WorkItemSlots<TaskOrchestrationWorkItem> _orchestrations = new(maxOrchestrations);
    private readonly SemaphoreSlim _startStop = new(1, 1);
    private readonly LockRenewals _renewals = new(inner, activityLockRenewal);
    private bool _started;

    /// <summary>Lock renewals of activity work items so far (for tests and diagnostics).</summary>
    public int ActivityLockRenewals => _renewals.Count;

    /// <summary>Orchestration work items fetched and not yet released (at most the orchestration limit).</summary>
    public int OrchestrationsInFlight => _orchestrations.InUse;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int MaxConcurrentTaskOrchestrationWorkItems => UnlimitedForDispatcher;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public int MaxConcurrentTaskActivityWorkItems => UnlimitedForDispatcher;

    public async Task StartAsync()
    {
        await _startStop.WaitAsync().ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                await inner.StartAsync().ConfigureAwait(false);
                _started = true;
            }
        }
        finally
        {
            _startStop.Release();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    public async Task StopAsync(bool isForced)
    {
        await _startStop.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_started)
            {
                _started = false;
                await inner.StopAsync(isForced).ConfigureAwait(false);
            }
        }
        finally
        {
            _startStop.Release();
        }
    }

    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        _orchestrations.FetchAsync(() => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken), cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    // The dispatcher releases every orchestration work item it fetched, whether it completed or abandoned it.
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) =>
        _orchestrations.FinishAsync(workItem, () => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem));

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        var workItem = await _activities.FetchAsync(() => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (workItem is not null)
        {
            _renewals.Start(workItem);
        }

        return workItem!;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    // An activity work item ends with one of these two (the dispatcher's release is a no-op for activities). The renewal
    // stops first, so that no renewal races the completion for the message's receipt.
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        await _renewals.StopAsync(workItem).ConfigureAwait(false);
        await _activities.FinishAsync(workItem, () => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage)).ConfigureAwait(false);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        await _renewals.StopAsync(workItem).ConfigureAwait(false);
        await _activities.FinishAsync(workItem, () => inner.AbandonTaskActivityWorkItemAsync(workItem)).ConfigureAwait(false);
    }
}

/// <summary>Renews the locks of running activity work items every <c>interval</c> (null: never) until they finish.</summary>
internal sealed class LockRenewals(IOrchestrationService service, TimeSpan? interval)
{
    private readonly Dictionary<TaskActivityWorkItem, (CancellationTokenSource Stop, Task Loop)> _running = new(ReferenceEqualityComparer.Instance);
    private int _count;

    /// <summary>Renewals done so far.</summary>
    public int Count => Volatile.Read(ref _count);

    public void Start(TaskActivityWorkItem workItem)
    {
        if (interval is not { } every)
        {
            return;
        }

        var stop = new CancellationTokenSource();
        lock (_running)
        {
            _running[workItem] = (stop, RenewAsync(workItem, every, stop.Token));
        }
    }

    public async Task StopAsync(TaskActivityWorkItem workItem)
    {
        (CancellationTokenSource Stop, Task Loop) renewal;
        lock (_running)
        {
            if (!_running.Remove(workItem, out renewal))
            {
                return;
            }
        }

        await renewal.Stop.CancelAsync().ConfigureAwait(false);
        await renewal.Loop.ConfigureAwait(false);
        renewal.Stop.Dispose();
    }

    private async Task RenewAsync(TaskActivityWorkItem workItem, TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await service.RenewTaskActivityWorkItemLockAsync(workItem).ConfigureAwait(false);
                    Interlocked.Increment(ref _count);
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    // Storage unreachable or the lock already lost: try again next tick; at worst the message comes back
                    // and the activity runs again, which an activity must tolerate anyway.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the work item finished
        }
    }
}

/// <summary>
/// A fixed number of slots for work items of one kind: a fetch waits (without polling) for a free slot, and the slot is
/// freed exactly once when its work item finishes, or at once when the fetch returns nothing or fails.
/// </summary>
internal sealed class WorkItemSlots<T>(int limit)
    where T : class
{
    private readonly SemaphoreSlim _free = new(limit, limit);
    private readonly HashSet<T> _holding = new(ReferenceEqualityComparer.Instance);

    /// <summary>Work items holding a slot now.</summary>
    public int InUse => limit - _free.CurrentCount;

    /// <summary>Waits for a free slot, then fetches; the slot stays taken by the fetched work item.</summary>
    public async Task<T> FetchAsync(Func<Task<T>> fetch, CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        T? workItem = null;
        try
        {
            workItem = await fetch().ConfigureAwait(false);
            return workItem;
        }
        finally
        {
            if (workItem is null)
            {
                _free.Release();
            }
            else
            {
                lock (_holding)
                {
                    _holding.Add(workItem);
                }
            }
        }
    }

    /// <summary>Runs <paramref name="finish"/> and then frees the slot of <paramref name="workItem"/> (once, whatever happens).</summary>
    public async Task FinishAsync(T workItem, Func<Task> finish)
    {
        try
        {
            await finish().ConfigureAwait(false);
        }
        finally
        {
            bool held;
            lock (_holding)
            {
                held = _holding.Remove(workItem);
            }

            if (held)
            {
                _free.Release();
            }
        }
    }
}
