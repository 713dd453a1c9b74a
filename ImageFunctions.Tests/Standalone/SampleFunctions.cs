using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.Standalone.Samples;

// Functions written the way the app writes them, so the standalone host's binder and dispatcher are tested on their own.

public sealed record SquareInput(int Value);

public sealed record FanOutInput(int Count);

public sealed record FanOutResult(int Sum, int Count, string FirstGreeting);

/// <summary>A DI service the sample functions depend on.</summary>
public sealed class Greeter
{
    public string Greet(string name) => $"hello {name}";
}

/// <summary>Counts timer invocations.</summary>
public static class TickCounter
{
    private static int _ticks;

    public static int Ticks => Volatile.Read(ref _ticks);

    public static void Increment() => Interlocked.Increment(ref _ticks);
}

public sealed class SampleHttpFunctions(Greeter greeter)
{
    [Function("SampleHello")]
    public IResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name}")] HttpRequest req, string name) =>
        Results.Text(greeter.Greet(name));

    [Function("SampleEcho")]
    public static async Task<IResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "echo/{*rest}")] HttpRequest req,
        string rest,
        CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(req.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return Results.Json(new { rest, body, method = req.Method, cancellable = cancellationToken.CanBeCanceled });
    }

    [Function("SampleAnyMethod")]
    public static IResult AnyMethod([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest req, FunctionContext context) =>
        Results.Text($"{req.Method} {context.FunctionId}");

    [Function("SampleFail")]
    public static IResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fail")] HttpRequest req) =>
        throw new InvalidOperationException("boom");

    [Function("SampleFanOutStart")]
    public static async Task<IResult> StartFanOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "fan-out/{count}")] HttpRequest req,
        string count,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var id = await client.ScheduleNewOrchestrationInstanceAsync(
            nameof(SampleOrchestrations.SampleFanOut), new FanOutInput(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);
        var done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
        return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? Results.Ok(done.ReadOutputAs<FanOutResult>())
            : Results.Problem(done.FailureDetails?.ErrorMessage ?? done.RuntimeStatus.ToString());
    }
}

public static class SampleOrchestrations
{
    [Function(nameof(SampleFanOut))]
    public static async Task<FanOutResult> SampleFanOut([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<FanOutInput>()!;
        var squares = Enumerable.Range(1, input.Count)
            .Select(i => context.CallActivityAsync<int>(nameof(SampleActivities.SampleSquare), new SquareInput(i)))
            .ToList();
        var greeting = context.CallActivityAsync<string>(nameof(SampleActivities.SampleGreet), "durable");
        await Task.WhenAll(squares);
        return new FanOutResult(squares.Sum(t => t.Result), squares.Count, await greeting);
    }
}

public sealed class SampleActivities(Greeter greeter)
{
    [Function(nameof(SampleSquare))]
    public Task<int> SampleSquare([ActivityTrigger] SquareInput input, CancellationToken cancellationToken) =>
        Task.FromResult(cancellationToken.CanBeCanceled ? input.Value * input.Value : -1);

    [Function(nameof(SampleGreet))]
    public string SampleGreet([ActivityTrigger] string name, FunctionContext context) => $"{greeter.Greet(name)} from {context.FunctionId}";
}

public static class SampleTimers
{
    [Function("SampleTick")]
    public static void Tick([TimerTrigger("* * * * * *")] TimerInfo timer)
    {
        if (timer.ScheduleStatus is not null)
        {
            TickCounter.Increment();
        }
    }
}
