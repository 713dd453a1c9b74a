using DurableTask.Core;
using DurableTask.Core.History;
using ImageFunctions.Hosting.Standalone;
using Microsoft.DurableTask.Testing.Sidecar;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>host.json's concurrency limits are enforced by waiting for a slot (a notification), not by the sidecar's 500 ms poll.</summary>
public sealed class GatedOrchestrationServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Limits_AreNotReportedToTheDispatcher()
    {
        var service = new GatedOrchestrationService(new InMemoryOrchestrationService(), maxActivities: 8, maxOrchestrations: 8);

        // The sidecar's dispatcher polls every 500 ms once it reaches the limit it reads here.
        Assert.Equal(int.MaxValue, service.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(int.MaxValue, service.MaxConcurrentTaskOrchestrationWorkItems);
    }

    [Fact]
    public async Task LockNextOrchestration_AtTheLimit_WaitsUntilOneIsReleased()
    {
        var memory = new InMemoryOrchestrationService();
        var service = new GatedOrchestrationService(memory, maxActivities: 8, maxOrchestrations: 2);
        for (var i = 0; i < 3; i++)
        {
            await StartInstanceAsync(memory, $"instance-{i}");
        }

        var first = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None).WaitAsync(Patience);
        var second = await service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None).WaitAsync(Patience);
        var third = service.LockNextTaskOrchestrationWorkItemAsync(TimeSpan.Zero, CancellationToken.None);
        await Task.Yield();

        Assert.False(third.IsCompleted, "a third work item was handed out beyond the limit of 2");
        Assert.Equal(2, service.OrchestrationsInFlight);

        await service.ReleaseTaskOrchestrationWorkItemAsync(first);
        var released = await third.WaitAsync(Patience);

        Assert.Equal(3, new[] { first.InstanceId, second.InstanceId, released.InstanceId }.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, service.OrchestrationsInFlight);
    }

    [Fact]
    public async Task LockRenewals_RenewWhileTheActivityRunsAndStopWhenItFinishes()
    {
        var renewals = new LockRenewals(new InMemoryOrchestrationService(), TimeSpan.FromMilliseconds(20));
        var workItem = new TaskActivityWorkItem { Id = "activity-1" };

        renewals.Start(workItem);
        var deadline = DateTime.UtcNow + Patience;
        while (renewals.Count < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {renewals.Count} renewals");
            await Task.Delay(10);
        }

        await renewals.StopAsync(workItem);
        var afterStop = renewals.Count;
        await Task.Delay(100);

        Assert.Equal(afterStop, renewals.Count);
    }

    [Fact]
    public async Task LockRenewals_WithoutInterval_NeverRenew()
    {
        var renewals = new LockRenewals(new InMemoryOrchestrationService(), interval: null);
        var workItem = new TaskActivityWorkItem { Id = "activity-1" };

        renewals.Start(workItem);
        await Task.Delay(50);
        await renewals.StopAsync(workItem);

        Assert.Equal(0, renewals.Count);
    }

    [Fact]
    public async Task FinishAsync_CalledTwice_FreesOneSlot()
    {
        var slots = new WorkItemSlots<object>(limit: 1);
        var item = await slots.FetchAsync(() => Task.FromResult(new object()), CancellationToken.None);

        await slots.FinishAsync(item, () => Task.CompletedTask);
        await slots.FinishAsync(item, () => Task.CompletedTask);
        await slots.FetchAsync(() => Task.FromResult(new object()), CancellationToken.None).WaitAsync(Patience);
        var beyondLimit = slots.FetchAsync(() => Task.FromResult(new object()), CancellationToken.None);
        await Task.Yield();

        Assert.False(beyondLimit.IsCompleted, "finishing one work item twice freed two slots");
    }

    [Fact]
    public async Task FinishAsync_WhenTheBackendThrows_StillFreesTheSlot()
    {
        var slots = new WorkItemSlots<object>(limit: 1);
        var item = await slots.FetchAsync(() => Task.FromResult(new object()), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => slots.FinishAsync(item, () => throw new InvalidOperationException("storage down")));

        Assert.Equal(0, slots.InUse);
    }

    [Fact]
    public async Task FetchAsync_NothingOrAFault_FreesTheSlot()
    {
        var slots = new WorkItemSlots<object>(limit: 1);

        Assert.Null(await slots.FetchAsync(() => Task.FromResult<object>(null!), CancellationToken.None));
        await Assert.ThrowsAsync<TimeoutException>(() => slots.FetchAsync(() => throw new TimeoutException(), CancellationToken.None));

        Assert.Equal(0, slots.InUse);
    }

    [Fact]
    public async Task FetchAsync_Cancelled_WhileWaitingForASlot_Throws()
    {
        var slots = new WorkItemSlots<object>(limit: 1);
        await slots.FetchAsync(() => Task.FromResult(new object()), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = slots.FetchAsync(() => Task.FromResult(new object()), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, slots.InUse);
    }

    private static Task StartInstanceAsync(InMemoryOrchestrationService memory, string instanceId)
    {
        var instance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") };
        return memory.CreateTaskOrchestrationAsync(new TaskMessage
        {
            OrchestrationInstance = instance,
            Event = new ExecutionStartedEvent(-1, null) { OrchestrationInstance = instance, Name = "Test", Version = "" },
        });
    }
}
