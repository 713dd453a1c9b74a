using System.Diagnostics;
using System.Globalization;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, without persistence. <see cref="StopAsync"/> kills it
/// (Redis going down mid-job) and <see cref="StartAsync"/> brings it back on the same port.
/// Set <c>IMAGEFUNCTIONS_TEST_REDIS</c> to a configuration string to use an existing server instead.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    /// <summary>Environment variable that replaces the started server with an existing one.</summary>
    public const string OverrideVariable = "IMAGEFUNCTIONS_TEST_REDIS";

    /// <summary>How to get redis-server when it is missing.</summary>
    public const string InstallHint =
        "Install Redis with `apt-get install -y redis-server` (./scripts/test.sh does it), "
        + "or set " + OverrideVariable + " to a Redis configuration string such as 127.0.0.1:6379.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServiceProcess? _process;
    private string? _connectionString;
    private string? _workingDirectory;

    /// <summary>StackExchange.Redis configuration string, <c>127.0.0.1:PORT</c>.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Redis has not been started.");

    /// <summary>Port of the started server (0 when external).</summary>
    public int Port { get; private set; }

    /// <summary>True when <see cref="OverrideVariable"/> supplied the connection string and nothing was started.</summary>
    public bool IsExternal { get; private set; }

    /// <summary>True while the started server runs (always true when external).</summary>
    public bool IsRunning => IsExternal || _process is { HasExited: false };

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            _connectionString = external;
            return;
        }

        _workingDirectory = Directory.CreateTempSubdirectory("imagefunctions-redis-").FullName;
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Port = FreePort.Next();
            try
            {
                await StartCoreAsync();
                _connectionString = $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";
                return;
            }
            catch (InvalidOperationException ex) when (_process is { HasExited: true })
            {
                // Most likely the port was taken between choosing and binding: try another.
                last = ex;
                _process.Dispose();
                _process = null;
            }
        }

        throw new InvalidOperationException($"redis-server failed to start after 3 attempts. {InstallHint}", last);
    }

    /// <summary>Kills the server abruptly (no shutdown, no save), as a crash would.</summary>
    /// <exception cref="NotSupportedException">The server is external (<see cref="OverrideVariable"/>).</exception>
    public async Task StopAsync()
    {
        ThrowIfExternal();
        await _gate.WaitAsync();
        try
        {
            if (_process is not null)
            {
                await _process.StopAsync();
                _process.Dispose();
                _process = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Freezes the server (SIGSTOP) until <see cref="ThawAsync"/>: connections stay open and nothing is answered, as a
    /// server stuck in a long command or a lost network path would.
    /// </summary>
    /// <exception cref="NotSupportedException">The server is external (<see cref="OverrideVariable"/>).</exception>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>Lets a frozen server run again (SIGCONT).</summary>
    /// <exception cref="NotSupportedException">The server is external (<see cref="OverrideVariable"/>).</exception>
    public Task ThawAsync() => SignalAsync("-CONT");

    /// <summary>Starts the server again on the same port (empty: no persistence) and waits until it answers PING.</summary>
    /// <exception cref="NotSupportedException">The server is external (<see cref="OverrideVariable"/>).</exception>
    public async Task StartAsync()
    {
        ThrowIfExternal();
        await _gate.WaitAsync();
        try
        {
            if (_process is { HasExited: false })
            {
                return;
            }

            _process?.Dispose();
            _process = null;
            await StartCoreAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        if (_workingDirectory is not null)
        {
            try
            {
                Directory.Delete(_workingDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        return Task.CompletedTask;
    }

    private async Task StartCoreAsync()
    {
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "no",
            "--dir", _workingDirectory!,
        ];
        _process = ServiceProcess.Start("redis-server", "redis-server", arguments, InstallHint, _workingDirectory);

        var stopwatch = Stopwatch.StartNew();
        while (!await RedisPing.AnswersAsync(Port))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(_process.Describe($"redis-server stopped during start-up on port {Port}"));
            }

            if (stopwatch.Elapsed > StartTimeout)
            {
                var message = _process.Describe($"redis-server did not answer PING on port {Port} within {StartTimeout.TotalSeconds:0} s");
                _process.Dispose();
                _process = null;
                throw new TimeoutException(message);
            }

            await Task.Delay(50);
        }
    }

    private async Task SignalAsync(string signal)
    {
        ThrowIfExternal();
        var id = (_process ?? throw new InvalidOperationException("redis-server is not running.")).Id;
        using var kill = Process.Start("kill", [signal, id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {id} exited with {kill.ExitCode}.");
        }
    }

    private void ThrowIfExternal()
    {
        if (IsExternal)
        {
            throw new NotSupportedException(
                $"Redis comes from {OverrideVariable}, so the tests cannot stop or start it; unset it to let the fixture run redis-server.");
        }
    }
}
