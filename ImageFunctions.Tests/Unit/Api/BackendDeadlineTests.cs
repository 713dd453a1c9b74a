using ImageFunctions.Api.Faults;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>A backend call past the request deadline is abandoned and becomes a 503; the client's own abort stays an abort.</summary>
public sealed class BackendDeadlineTests
{
    private static readonly Task<int> Never = new TaskCompletionSource<int>().Task;

    [Fact]
    public async Task Call_IgnoringCancellationPastTheDeadline_ThrowsBackendTimeoutAnswered503()
    {
        var deadline = new BackendDeadline(TimeSpan.FromMilliseconds(50));

        var thrown = await Assert.ThrowsAsync<BackendTimeoutException>(() => deadline.RunAsync(_ => Never, CancellationToken.None));

        var answer = UnhandledFaults.Classify(thrown);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, answer.Status);
        Assert.Equal(UnhandledFaults.RetryAfterSeconds, answer.RetryAfterSeconds);
    }

    [Fact]
    public async Task Call_FailingOnItsCancelledToken_IsTheTimeout()
    {
        var deadline = new BackendDeadline(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<BackendTimeoutException>(() => deadline.RunAsync(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return 1;
        }, CancellationToken.None));
    }

    [Fact]
    public async Task ClientAborts_IsNoTimeout()
    {
        var deadline = new BackendDeadline(TimeSpan.FromMinutes(5));
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deadline.RunAsync(_ => Never, aborted.Token));

        Assert.IsNotType<BackendTimeoutException>(thrown);
    }

    [Fact]
    public async Task Call_InTime_ReturnsItsResult()
    {
        var deadline = new BackendDeadline(TimeSpan.FromMinutes(5));

        Assert.Equal(42, await deadline.RunAsync(_ => Task.FromResult(42), CancellationToken.None));
    }
}
