using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// A process the harness started (host, Azurite, Redis): keeps the tail of its output for error messages and kills
/// its whole process tree on dispose, and when the harness process exits.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private const int MaxOutputLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private int _disposed;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>Display name used in messages.</summary>
    public string Name { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id => _process.Id;

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

    /// <summary>Completes when the process exits.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <paramref name="fileName"/> with its output captured.</summary>
    /// <param name="name">Display name.</param>
    /// <param name="fileName">Executable (looked up on PATH when not a path).</param>
    /// <param name="arguments">Arguments, passed as they are (no shell).</param>
    /// <param name="workingDirectory">Working directory.</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <exception cref="InvalidOperationException">The executable cannot be started.</exception>
    public static ChildProcess Start(
        string name, string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not start {name} ({fileName}): {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        child.Exited = process.WaitForExitAsync();
        AppDomain.CurrentDomain.ProcessExit += child.OnProcessExit;
        return child;
    }

    /// <summary>A message that ends with the process' state and recent output.</summary>
    public string Describe(string problem)
    {
        var state = HasExited ? $"exited with code {ExitCode()}" : "still running";
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
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        _process.Dispose();
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
            // already exited
        }
        catch (Win32Exception)
        {
            // exited between the check and the kill
        }
    }

    private string ExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > MaxOutputLines && _output.TryDequeue(out _))
        {
        }
    }
}
