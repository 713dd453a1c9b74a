using System.Diagnostics;
using System.Globalization;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The <c>e2e</c> verb: generates the uploads, starts the host (and for <c>--backend azure</c> Azurite and Redis),
/// runs one warm-up and <c>--runs</c> counted runs over HTTP, prints a Markdown row of medians, and stops what it
/// started, also on Ctrl+C or an error.
/// </summary>
internal static class E2eCommand
{
    /// <summary>The verb that selects this command.</summary>
    public const string Verb = "e2e";

    /// <summary>Runs the command; returns the process exit code (0 done, 1 failed, 2 bad options, 130 Ctrl+C).</summary>
    /// <param name="args">The arguments after the verb.</param>
    public static Task<int> RunAsync(IReadOnlyList<string> args) =>
        HarnessVerb.RunAsync(Verb, args, E2eOptions.Parse, E2eOptions.Usage, options => options.Help, async (options, workFolder, cancellationToken) =>
        {
            await RunAsync(options, workFolder, cancellationToken);
            return 0;
        });

    private static async Task RunAsync(E2eOptions options, string workFolder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var inputFolder = Directory.CreateDirectory(Path.Combine(workFolder, "inputs")).FullName;
        var inputs = InputImages.Write(options, inputFolder, Random.Shared.Next(), cancellationToken);
        Console.Error.WriteLine(Invariant($"Generated {inputs.Count} inputs ({inputs.Sum(i => i.Length) / (1024.0 * 1024):0.0} MiB) in {clock.Elapsed.TotalSeconds:0.0} s."));

        // A host that dies mid-run fails the run at once instead of leaving it polling (disposed after the server).
        using var hostDied = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var server = options.Url is { } url
            ? ServerUnderTest.External(url)
            : await ServerUnderTest.StartAsync(options, RepositoryPaths.Find(), workFolder, cancellationToken);
        Console.Error.WriteLine($"Measuring {server.Description}.");
        _ = server.Host?.Exited.ContinueWith(_ => hostDied.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        if (options.Fairness)
        {
            await RunFairnessAsync(options, inputs, http, server, hostDied.Token, cancellationToken);
            return;
        }

        var downloads = Directory.CreateDirectory(Path.Combine(workFolder, "downloads")).FullName;
        var runner = new JobRunner(http, options, inputs, downloads);

        var runs = new List<RunResult>(options.Runs);
        try
        {
            for (var run = 0; run <= options.Runs; run++)
            {
                var result = await runner.RunAsync(run, server.Host?.Id, hostDied.Token);
                var label = run == 0 ? "warm-up" : Invariant($"run {run}/{options.Runs}");
                Console.Error.WriteLine(E2eReport.DescribeRun(label, result));
                if (run > 0)
                {
                    runs.Add(result);
                }
            }
        }
        catch (Exception ex) when (server.Host is { HasExited: true } host && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(host.Describe("The host died during the runs"), ex);
        }

        var highWaterMark = server.Host is { } started ? RssSampler.ReadHighWaterMark(started.Id) : null;
        var idle = options.IdleSeconds > 0 && server.Host is { } idleHost
            ? await IdleWatch.RunAsync(idleHost.Id, options.IdleSeconds, hostDied.Token)
            : null;
        Console.WriteLine();
        Console.WriteLine(E2eReport.Render(options, inputs, runs, highWaterMark));
        if (idle is not null)
        {
            Console.WriteLine(idle.Describe());
        }
    }

    /// <summary>The <c>--fairness</c> scenario: one warm-up and <see cref="E2eOptions.Runs"/> counted runs of <see cref="FairnessRunner"/>.</summary>
    private static async Task RunFairnessAsync(
        E2eOptions options, IReadOnlyList<InputImage> inputs, HttpClient http, ServerUnderTest server, CancellationToken hostDied, CancellationToken cancellationToken)
    {
        var runner = new FairnessRunner(http, options, inputs);
        var runs = new List<FairnessResult>(options.Runs);
        try
        {
            for (var run = 0; run <= options.Runs; run++)
            {
                var result = await runner.RunAsync(run, hostDied);
                Console.Error.WriteLine(E2eReport.DescribeFairnessRun(run == 0 ? "warm-up" : Invariant($"run {run}/{options.Runs}"), result));
                if (run > 0)
                {
                    runs.Add(result);
                }
            }
        }
        catch (Exception ex) when (server.Host is { HasExited: true } host && !cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException(host.Describe("The host died during the runs"), ex);
        }

        Console.WriteLine();
        Console.WriteLine(E2eReport.RenderFairness(options, inputs, runs));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
