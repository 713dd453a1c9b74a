using System.Diagnostics;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (Blob, Queue and Table; the Durable Task Azure Storage backend needs all three)
/// on free loopback ports, in memory, from the pinned <c>tools/node_modules</c>.
/// Set <c>IMAGEFUNCTIONS_TEST_STORAGE</c> to a connection string to use an existing account instead.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Environment variable that replaces the started Azurite with an existing storage account.</summary>
    public const string OverrideVariable = "IMAGEFUNCTIONS_TEST_STORAGE";

    /// <summary>The well-known development storage account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development storage account key (public, emulator only).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>How to get Azurite when it is missing.</summary>
    public const string InstallHint =
        "Install the pinned Azurite with `npm ci --prefix tools` from the repository root (./scripts/test.sh does it), "
        + "or set " + OverrideVariable + " to a storage connection string.";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly bool _skipApiVersionCheck;
    private readonly bool _own;
    private ServiceProcess? _process;
    private string? _connectionString;

    /// <summary>The shared Azurite: started as everywhere in the repository (<see cref="AzuriteCommand.SharedFlags"/>).</summary>
    public AzuriteFixture()
        : this(skipApiVersionCheck: true)
    {
    }

    private AzuriteFixture(bool skipApiVersionCheck, bool own = false)
    {
        _skipApiVersionCheck = skipApiVersionCheck;
        _own = own;
    }

    /// <summary>Full, explicit connection string (account, key and the three endpoints).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>True when <see cref="OverrideVariable"/> supplied the connection string and nothing was started.</summary>
    public bool IsExternal { get; private set; }

    /// <summary>Blob port of the started Azurite (0 when external).</summary>
    public int BlobPort { get; private set; }

    /// <summary>Queue port of the started Azurite (0 when external).</summary>
    public int QueuePort { get; private set; }

    /// <summary>Table port of the started Azurite (0 when external).</summary>
    public int TablePort { get; private set; }

    /// <summary>Path of the Azurite launcher inside the repository's <c>tools</c> folder.</summary>
    public static string ExecutablePath => RepositoryRoot.Combine("tools", "node_modules", ".bin", "azurite");

    /// <summary>Builds the explicit development-account connection string for Azurite on <paramref name="host"/>.</summary>
    public static string BuildConnectionString(string host, int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;"
        + $"AccountName={AccountName};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://{host}:{blobPort}/{AccountName};"
        + $"QueueEndpoint=http://{host}:{queuePort}/{AccountName};"
        + $"TableEndpoint=http://{host}:{tablePort}/{AccountName};";

    /// <summary>
    /// Starts an Azurite of its own that refuses API versions it does not know, as one started without
    /// <c>--skipApiVersionCheck</c> does (never the <see cref="OverrideVariable"/> account). Dispose it.
    /// </summary>
    public static async Task<AzuriteFixture> StartCheckingApiVersionsAsync()
    {
        var azurite = new AzuriteFixture(skipApiVersionCheck: false);
        try
        {
            await azurite.InitializeAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts an Azurite of its own, as the shared one is started but never the <see cref="OverrideVariable"/> account, for a
    /// test that stops or freezes it (<see cref="StopAsync"/>, <see cref="FreezeAsync"/>). Dispose it.
    /// </summary>
    public static async Task<AzuriteFixture> StartOwnAsync()
    {
        var azurite = new AzuriteFixture(skipApiVersionCheck: true, own: true);
        try
        {
            await azurite.InitializeAsync();
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the started Azurite: its ports refuse connections from now on.</summary>
    public Task StopAsync() => Started.StopAsync();

    /// <summary>Freezes the started Azurite (SIGSTOP): its ports still accept connections, but nothing is answered until <see cref="ResumeAsync"/>.</summary>
    public Task FreezeAsync() => Started.SignalAsync("STOP");

    /// <summary>Lets a frozen Azurite run again (SIGCONT); harmless when it is not frozen or has ended.</summary>
    public async Task ResumeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            await process.SignalAsync("CONT");
        }
    }

    private ServiceProcess Started => _process ?? throw new InvalidOperationException("No Azurite of this fixture runs.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(OverrideVariable);
        if (_skipApiVersionCheck && !_own && !string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            _connectionString = external;
            return;
        }

        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Azurite was not found at {ExecutablePath}. {InstallHint}");
        }

        // Ports are chosen then released, so another process may grab one first: retry with fresh ports.
        Exception? last = null;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            try
            {
                await StartOnFreePortsAsync();
                return;
            }
            catch (InvalidOperationException ex) when (_process is { HasExited: true })
            {
                last = ex;
                _process.Dispose();
                _process = null;
            }
        }

        throw new InvalidOperationException($"Azurite failed to start after 3 attempts. {InstallHint}", last);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        return Task.CompletedTask;
    }

    private async Task StartOnFreePortsAsync()
    {
        var ports = FreePort.Next(3);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);

        _process = ServiceProcess.Start("azurite", ExecutablePath, AzuriteCommand.InMemoryOnLoopback(BlobPort, QueuePort, TablePort, _skipApiVersionCheck), InstallHint);

        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(_process.Describe("Azurite stopped during start-up") + Environment.NewLine + InstallHint);
            }

            if (await FreePort.IsListeningAsync(BlobPort)
                && await FreePort.IsListeningAsync(QueuePort)
                && await FreePort.IsListeningAsync(TablePort))
            {
                break;
            }

            if (stopwatch.Elapsed > StartTimeout)
            {
                var message = _process.Describe(
                    $"Azurite did not listen on ports {BlobPort}/{QueuePort}/{TablePort} within {StartTimeout.TotalSeconds:0} s");
                _process.Dispose();
                _process = null;
                throw new TimeoutException(message + Environment.NewLine + InstallHint);
            }

            await Task.Delay(100);
        }

        _connectionString = BuildConnectionString("127.0.0.1", BlobPort, QueuePort, TablePort);
    }
}
