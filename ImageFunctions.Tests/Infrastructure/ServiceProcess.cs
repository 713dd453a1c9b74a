using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// A background service process started by a test fixture or by the end-to-end benchmark (which compiles this file in
/// too): keeps the tail of its output for error messages and kills its whole process tree on dispose (and when the
/// process that started it exits).
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private const int MaxOutputLines = 200;

    /// <summary>
    /// When set (scripts/test.sh sets it), every started service leaves a pid file in this folder until it is
    /// disposed, so the script can kill what a crashed or killed test host left behind.
    /// </summary>
    public const string PidDirectoryVariable = "IMAGEFUNCTIONS_TEST_PIDDIR";

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private int _disposed;
    private string? _pidFile;

    private ServiceProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Display name used in messages.</summary>
    public required string Name { get; init; }

    /// <summary>True once the process has exited.</summary>
    public bool HasExited
    {
        get
        {
            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the process exits.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    /// <summary>The last lines the process wrote to stderr alone.</summary>
    public IReadOnlyList<string> ErrorLines => [.. _errors];

    /// <summary>The exit code once the process has exited, else null.</summary>
    public int? ExitCode
    {
        get
        {
            try
            {
                return _process.HasExited ? _process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="arguments"/>, output captured.</summary>
    /// <exception cref="InvalidOperationException">The executable cannot be started; the message carries <paramref name="installHint"/>.</exception>
    /// <param name="environment">Variables to set for the process; a null value removes one.</param>
    public static ServiceProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string installHint,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var service = new ServiceProcess(process) { Name = name };
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            service.Append(e.Data);
            Keep(service._errors, e.Data);
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {name} ({fileName}): {ex.Message}. {installHint}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        service.Exited = process.WaitForExitAsync();
        AppDomain.CurrentDomain.ProcessExit += service.OnProcessExit;
        service.WritePidFile();
        return service;
    }

    /// <summary>Kills the process tree and waits (bounded) for it to exit.</summary>
    public async Task StopAsync()
    {
        Kill();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} (pid {SafeId()}) did not exit within 10 s after being killed.");
        }
        catch (InvalidOperationException)
        {
            // Never started or already disposed: nothing to wait for.
        }
    }

    /// <summary>Sends the POSIX signal <paramref name="signal"/> (<c>TERM</c>, <c>STOP</c>, <c>CONT</c>) to the process alone.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, SafeId() }, UseShellExecute = false })
            ?? throw new InvalidOperationException("kill could not be started.");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -s {signal} {SafeId()} ({Name}) failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Builds a diagnostic message that ends with the process' recent output.</summary>
    public string Describe(string problem)
    {
        var state = HasExited ? $"exited with code {SafeExitCode()}" : "still running";
        return $"{problem} ({Name} {state}). Recent output:{Environment.NewLine}{OutputTail}";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Kill();
        try
        {
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        if (_pidFile is not null)
        {
            File.Delete(_pidFile);
        }
    }

    private void WritePidFile()
    {
        var directory = Environment.GetEnvironmentVariable(PidDirectoryVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var pid = SafeId();
        _pidFile = Path.Combine(directory, $"{Name}-{pid}.pid");
        File.WriteAllText(_pidFile, pid);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill();

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        catch (Win32Exception)
        {
            // Exited between the check and the kill.
        }
    }

    private void Append(string? line) => Keep(_output, line);

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > MaxOutputLines && lines.TryDequeue(out _))
        {
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private string SafeId()
    {
        try
        {
            return _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
