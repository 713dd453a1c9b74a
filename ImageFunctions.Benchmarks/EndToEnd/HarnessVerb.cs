namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// What every harness verb (<c>e2e</c>, <c>load</c>) does around its own work: parses its options (a bad one prints the
/// usage, exit code 2), answers <c>--help</c>, gives the work a temporary folder that is deleted at the end, turns the
/// first Ctrl+C into a cancellation that lets the work stop what it started (a second one ends at once; exit code 130),
/// and reports a failure in one line (exit code 1).
/// </summary>
internal static class HarnessVerb
{
    /// <summary>Runs <paramref name="work"/> (which returns the exit code) with the parsed options, a work folder and Ctrl+C.</summary>
    public static async Task<int> RunAsync<TOptions>(
        string verb,
        IReadOnlyList<string> args,
        Func<IReadOnlyList<string>, TOptions> parse,
        string usage,
        Func<TOptions, bool> wantsHelp,
        Func<TOptions, string, CancellationToken, Task<int>> work)
    {
        TOptions options;
        try
        {
            options = parse(args);
        }
        catch (E2eUsageException ex)
        {
            Console.Error.WriteLine($"{verb}: {ex.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(usage);
            return 2;
        }

        if (wantsHelp(options))
        {
            Console.WriteLine(usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the work and lets it stop its processes; a second one ends at once.
            e.Cancel = !cancel.IsCancellationRequested;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        var workFolder = Directory.CreateTempSubdirectory($"imagefunctions-{verb}-").FullName;
        try
        {
            return await work(options, workFolder, cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            Console.Error.WriteLine($"{verb}: cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
        {
            Console.Error.WriteLine($"{verb}: failed: {ex.Message}");
            return 1;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"{verb}: failed: {ex}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            try
            {
                Directory.Delete(workFolder, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"{verb}: could not delete {workFolder}: {ex.Message}");
            }
        }
    }
}
