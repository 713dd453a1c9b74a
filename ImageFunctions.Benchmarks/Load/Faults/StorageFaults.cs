using System.Diagnostics;
using ImageFunctions.Api.Contracts;

namespace ImageFunctions.Benchmarks.Load.Faults;

/// <summary>
/// Storage faults on the Azure Storage backend, in this order on one host: Azurite frozen with SIGSTOP for 40 s (time to
/// answer of each endpoint), Azurite stopped (status and time of each endpoint), then SIGTERM to the host with storage
/// still down (seconds until it exits).
/// </summary>
internal static class StorageFaults
{
    /// <summary>How long Azurite stays frozen.</summary>
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(40);

    /// <summary>Longest wait for an answer while storage is frozen or down.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Longest wait for the host to exit after SIGTERM.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the three cases.</summary>
    public static async Task RunAsync(FaultHost host, FaultServices services, FaultReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(report);

        // A finished job whose status, ZIP and image the endpoints are asked for.
        var (submitted, jobId) = await FaultJobs.SubmitAsync(host.Http, FaultJobs.Jpegs(2, 320, 240, 9000), "filter=blur", FaultJobs.RequestTimeout, cancellationToken);
        var done = jobId is null ? null : await FaultJobs.WaitUntilReadyAsync(host.Http, jobId, TimeSpan.FromSeconds(60), cancellationToken);
        if (done?.Results.FirstOrDefault(r => r.ImageUrl is not null) is not { } image)
        {
            report.Add("storage faults", $"the reference job did not complete: {submitted.Describe()}");
            return;
        }

        // Frozen: every endpoint asked at once, storage resumed after 40 s whatever they do.
        if (!Signals.Send(services.Azurite, "STOP"))
        {
            report.Add("storage frozen", "could not send SIGSTOP to Azurite");
            return;
        }

        var frozen = AskEveryEndpointAsync(host, jobId!, image, cancellationToken);
        await Task.WhenAny(frozen, Task.Delay(Freeze, cancellationToken));
        Signals.Send(services.Azurite, "CONT");
        foreach (var (endpoint, answer) in await frozen)
        {
            report.Add($"storage frozen 40 s: {endpoint}", Describe(answer) + (answer.Milliseconds >= Freeze.TotalMilliseconds - 500 ? " (answered only once storage resumed)" : string.Empty));
        }

        // Stopped: Azurite killed for good.
        await Task.Delay(2000, cancellationToken);
        await services.Azurite.StopAsync();
        foreach (var (endpoint, answer) in await AskEveryEndpointAsync(host, jobId!, image, cancellationToken))
        {
            report.Add($"storage stopped: {endpoint}", Describe(answer));
        }

        // Shutdown with storage down.
        var clock = Stopwatch.StartNew();
        if (!Signals.Send(host.Process, "TERM"))
        {
            report.Add("shutdown with storage down", "could not send SIGTERM to the host");
            return;
        }

        try
        {
            await host.Process.Exited.WaitAsync(ExitTimeout, cancellationToken);
            report.Add("shutdown with storage down", $"exited {FaultJobs.Seconds(clock.Elapsed)} after SIGTERM (exit code {host.Process.ExitCode})");
        }
        catch (TimeoutException)
        {
            report.Add("shutdown with storage down", $"still alive {ExitTimeout.TotalSeconds:0} s after SIGTERM (killed)");
        }
    }

    private static async Task<IReadOnlyList<(string Endpoint, LoadAnswer Answer)>> AskEveryEndpointAsync(
        FaultHost host, string jobId, ImageStatusResponse image, CancellationToken cancellationToken)
    {
        var submit = FaultJobs.SubmitAsync(host.Http, FaultJobs.Jpegs(1, 320, 240, 9100), "filter=blur", AnswerTimeout, cancellationToken);
        var status = LoadHttp.GetAsync(host.Http, $"/status-job/{jobId}", AnswerTimeout, cancellationToken);
        var download = LoadHttp.GetAsync(host.Http, $"/download/{jobId}", AnswerTimeout, cancellationToken);
        var single = LoadHttp.GetAsync(host.Http, image.ImageUrl!, AnswerTimeout, cancellationToken);
        await Task.WhenAll(submit, status, download, single);
        return
        [
            ("POST /process-job", (await submit).Answer),
            ("GET /status-job", await status),
            ("GET /download", await download),
            ("GET /images", await single),
        ];
    }

    private static string Describe(LoadAnswer answer)
    {
        var text = answer.Describe();
        if (answer.Answered)
        {
            text += answer.IsProblem ? " problem+json" : $" {answer.MediaType}";
            text += answer.RetryAfter is { } retry ? $", Retry-After {retry}" : string.Empty;
            text += answer.IsProblem && ResponseLeaks.Find(answer.Text) is { } leak ? $", LEAKS '{leak}'" : string.Empty;
        }

        return text;
    }
}
