using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.InProcess.Infrastructure;

/// <summary>Proves <see cref="DurableTestHost"/> starts working in-process Durable hosts side by side.</summary>
public sealed class DurableTestHostTests
{
    [Fact]
    public async Task StartAsync_TwoHosts_BothRunAnOrchestration()
    {
        await using var first = await DurableTestHost.StartAsync(r => r.AddOrchestratorFunc<string, string>("Echo", (_, input) => input + "!"));
        await using var second = await DurableTestHost.StartAsync(r => r.AddOrchestratorFunc<string, string>("Echo", (_, input) => input + "?"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var a = await RunEchoAsync(first.Client, "a", timeout.Token);
        var b = await RunEchoAsync(second.Client, "b", timeout.Token);

        Assert.Equal("a!", a);
        Assert.Equal("b?", b);
    }

    private static async Task<string?> RunEchoAsync(DurableTaskClient client, string input, CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync("Echo", input, cancellationToken);
        var metadata = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata.RuntimeStatus);
        return metadata.ReadOutputAs<string>();
    }
}
