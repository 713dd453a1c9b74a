using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// The standalone host in a child process: the app as users start it, <c>dotnet ImageFunctions.dll --standalone --urls ...</c>,
/// or the same host with faults injected (<see cref="TestHostProgram"/>).
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the app on <paramref name="port"/> with <paramref name="environment"/> and waits until it answers HTTP.</summary>
    public static Task<HostProcess> StartAsync(int port, IReadOnlyDictionary<string, string> environment, TimeSpan timeout) =>
        LaunchAsync(typeof(StandaloneHost).Assembly.Location, [StandaloneHost.Flag], port, environment, timeout);

    /// <summary>
    /// Starts <see cref="TestHostProgram"/> as <see cref="StartAsync"/> starts the app, with every read of an upload slowed
    /// by <paramref name="slowUploadReads"/> (<see cref="App.Support.SlowImageStore"/>).
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
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var argument in new[] { dll }.Concat(hostArguments).Concat(["--urls", address]))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, address);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The host exited with {process.ExitCode}:{Environment.NewLine}{host.Output}");
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

        host.Dispose();
        throw new TimeoutException($"The host did not answer on {address} within {timeout}:{Environment.NewLine}{host.Output}");
    }

    /// <summary>Ends the process at once, as a crash or power cut would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 400 && _output.TryDequeue(out _))
        {
        }
    }
}
