using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// Issue 10, "Unfair scheduling and starved APIs": the engine's cores go round-robin between jobs (<see cref="FairGate"/>),
/// so a one-image job waits for at most one image of each other job, not for a large job's whole queue.
/// </summary>
public sealed class FairGateTests
{
    [Fact]
    public async Task EnterAsync_FreeSlots_AdmitsAtOnce()
    {
        var gate = new FairGate(2);

        var first = gate.EnterAsync("a", default);
        var second = gate.EnterAsync("b", default);

        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(second.IsCompletedSuccessfully);
        Assert.False(gate.EnterAsync("a", default).IsCompleted);
        (await first).Dispose();
    }

    [Fact]
    public async Task Release_LargeJobQueuedFirst_TheSmallJobIsServedInTheNextTurnNotAfterTheWholeQueue()
    {
        var gate = new FairGate(1);
        var running = await gate.EnterAsync("large", default);
        var order = new List<string>();
        var waits = new List<Task>();
        for (var i = 1; i <= 6; i++)
        {
            waits.Add(Record(gate, "large", $"large{i}", order));
        }

        waits.Add(Record(gate, "small", "small", order));
        running.Dispose();
        await Task.WhenAll(waits);

        // Turns: large (queued first), then small, then the rest of large.
        Assert.Equal(["large1", "small", "large2", "large3", "large4", "large5", "large6"], order);
    }

    [Fact]
    public async Task Release_ThreeJobs_TakeTurns()
    {
        var gate = new FairGate(1);
        var running = await gate.EnterAsync("x", default);
        var order = new List<string>();
        var waits = new List<Task>();
        foreach (var (job, count) in new[] { ("a", 3), ("b", 2), ("c", 1) })
        {
            for (var i = 1; i <= count; i++)
            {
                waits.Add(Record(gate, job, $"{job}{i}", order));
            }
        }

        running.Dispose();
        await Task.WhenAll(waits);

        Assert.Equal(["a1", "b1", "c1", "a2", "b2", "a3"], order);
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndNeitherTakesNorLosesASlot()
    {
        var gate = new FairGate(1);
        var running = await gate.EnterAsync("a", default);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.EnterAsync("b", cancel.Token).AsTask();
        var next = gate.EnterAsync("c", default).AsTask();

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(1, gate.Waiting);
        running.Dispose();

        (await next).Dispose();
        Assert.Equal(0, gate.Waiting);
        Assert.True(gate.EnterAsync("d", default).IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Lease_DisposedTwice_ReleasesOnce()
    {
        var gate = new FairGate(1);
        var lease = await gate.EnterAsync("a", default);
        var waiting = gate.EnterAsync("b", default).AsTask();
        var alsoWaiting = gate.EnterAsync("c", default).AsTask();

        lease.Dispose();
        lease.Dispose();
        await waiting;

        Assert.False(alsoWaiting.IsCompleted);
    }

    [Fact]
    public async Task ProcessAsync_ManyImagesOfTwoJobs_AllCompleteWithTheEngineOutput()
    {
        var pipeline = new ImagePipeline(new ImageLimits());
        var chain = FilterChain.Parse("invert");
        var inputs = Enumerable.Range(0, 12).Select(i => TestImages.Png(60, 40, seed: i)).ToList();

        var results = await Task.WhenAll(inputs.Select((input, i) => Task.Run(async () =>
        {
            using var output = new MemoryStream();
            await pipeline.ProcessAsync(new MemoryStream(input), output, chain, new OutputOptions(), queue: i % 3 == 0 ? "small" : "large", CancellationToken.None);
            return output.ToArray();
        })));

        for (var i = 0; i < inputs.Count; i++)
        {
            Assert.Equal(TestImages.EngineOutput(inputs[i], "invert", new OutputOptions()), results[i]);
        }
    }

    private static async Task Record(FairGate gate, string job, string label, List<string> order)
    {
        using var lease = await gate.EnterAsync(job, default);
        lock (order)
        {
            order.Add(label);
        }

        await Task.Yield();
    }
}
