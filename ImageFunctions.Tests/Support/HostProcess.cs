using System.Globalization;
using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// The standalone host in a child process: the app as users start it, <c>dotnet ImageFunctions.dll --standalone --urls ...</c>,
/// or the same host with faults injected (<see cref="TestHostProgram"/>).
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly ServiceProcess _process;

    private HostProcess(ServiceProcess process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public string Output => _process.OutputTail;

    /// <summary>Starts the app on <paramref name="port"/> with <paramref name="environment"/> and waits until it answers HTTP.</summary>
    public static Task<HostProcess> StartAsync(int port, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        LaunchAsync(typeof(StandaloneHost).Assembly.Location, [StandaloneHost.Flag], port, environment, timeout);

    /// <summary>
    /// Runs the app as <see cref="StartAsync"/> does, for a start that should fail: waits until it exits on its own.
    /// </summary>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/> (it is killed then).</exception>
    public static async Task<HostExit> RunUntilExitAsync(int port, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var dll = typeof(StandaloneHost).Assembly.Location;
        using var process = ServiceProcess.Start(
            "host", "dotnet", [dll, StandaloneHost.Flag, "--urls", $"http://127.0.0.1:{port}"], "Build the solution first.", Path.GetDirectoryName(dll), Variables(environment));
        try
        {
            await process.Exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(process.Describe($"The host did not exit within {timeout}"));
        }

        return new HostExit(process.ExitCode ?? -1, process.OutputTail, process.ErrorLines);
    }

    /// <summary>
    /// Starts <see cref="TestHostProgram"/> as <see cref="StartAsync"/> starts the app, with every read of an upload slowed
    /// by <paramref name="slowUploadReads"/> (<see cref="SlowImageStore"/>).
    /// </summary>
    public static Task<HostProcess> StartTestHostAsync(int port, IReadOnlyDictionary<string, string> environment, TimeSpan slowUploadReads, TimeSpan timeout) =>
        LaunchAsync(
            typeof(TestHostProgram).Assembly.Location,
            [TestHostProgram.Flag, TestHostProgram.SlowUploadReadsOption, ((int)slowUploadReads.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)],
            port,
            environment,
            timeout);

    private static async Task<HostProcess> LaunchAsync(
        string dll, IEnumerable<string> hostArguments, int port, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var address = $"http://127.0.0.1:{port}";
        var host = new HostProcess(
            ServiceProcess.Start("host", "dotnet", [dll, .. hostArguments, "--urls", address], "Build the solution first.", Path.GetDirectoryName(dll), Variables(environment)),
            address);

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (host._process.HasExited)
            {
                throw new InvalidOperationException(host._process.Describe("The host exited"));
            }

            try
            {
                using var response = await http.GetAsync("/filters");
                if (response.IsSuccessStatusCode && host.Output.Contains("API docs", StringComparison.Ordinal))
                {
                    return host;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(200);
        }

        var problem = host._process.Describe($"The host did not answer on {address} within {timeout}");
        host.Dispose();
        throw new TimeoutException(problem);
    }

    /// <summary><paramref name="environment"/> for the child, without <c>ASPNETCORE_URLS</c> (the address is <c>--urls</c>).</summary>
    private static Dictionary<string, string?> Variables(IReadOnlyDictionary<string, string> environment)
    {
        // The limit off unless a test sets it: every test host is one client (127.0.0.1) and many share one Redis.
        var variables = new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = null, ["ImageFunctions__RateLimit__Enabled"] = "false" };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>
    /// Asks the host to stop as a service manager does (SIGTERM) and waits until it exits; returns how long that took.
    /// </summary>
    /// <exception cref="TimeoutException">It still runs after <paramref name="timeout"/>.</exception>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _process.SignalAsync("TERM");
        try
        {
            await _process.Exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(_process.Describe($"The host did not exit within {timeout} after SIGTERM"));
        }

        return clock.Elapsed;
    }

    /// <summary>Ends the process tree at once, as a crash or power cut would.</summary>
    public Task KillAsync() => _process.StopAsync();

    public void Dispose() => _process.Dispose();
}

/// <summary>How a host process ended: its exit code, all its output (stdout and stderr) and its stderr lines alone.</summary>
public sealed record HostExit(int ExitCode, string Output, IReadOnlyList<string> ErrorLines);
