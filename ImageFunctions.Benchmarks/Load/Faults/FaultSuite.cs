using System.Diagnostics;
using System.Globalization;
using ImageFunctions.Benchmarks.EndToEnd;
using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Benchmarks.Load.Faults;

/// <summary>
/// The fault cases of issue 10, each reporting figures instead of judging them, and each bounded in time so that a case
/// that misbehaves (a hang, a host that does not stop) is reported as such and the next case still runs:
/// on the in-memory backend the metadata bomb, fair scheduling (a 1-image job beside a 100-image job) and
/// burst-then-stall uploads; on Azurite + Redis fair scheduling again, storage frozen (SIGSTOP for 40 s), storage
/// stopped, shutdown with storage down, and on fresh services <c>kill -9</c> and a restart mid-job.
/// </summary>
internal static class FaultSuite
{
    /// <summary>Runs every case, writing each figure as it is measured and a Markdown table at the end.</summary>
    public static async Task RunAsync(RepositoryPaths paths, string workFolder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var report = new FaultReport(output);
        var clock = Stopwatch.StartNew();

        await report.GuardAsync("in-memory backend", TimeSpan.FromMinutes(5), async token =>
        {
            await using var host = await FaultHost.StartAsync(paths, Folder(workFolder, "memory"), storage: null, redis: null, token);
            await WorkloadFaults.MetadataBombAsync(host, report, token);
            await WorkloadFaults.FairnessAsync(host, "memory", report, token);
            await UploadStall.RunAsync(host, report, token);
        }, cancellationToken);

        await report.GuardAsync("Azurite + Redis backend", TimeSpan.FromMinutes(8), async token =>
        {
            await using var services = await FaultServices.StartAsync(paths, Folder(workFolder, "azure"), token);
            await using var host = await FaultHost.StartAsync(paths, Folder(workFolder, "azure-host"), services.Storage, services.Redis, token);
            await WorkloadFaults.FairnessAsync(host, "azure", report, token);
            await StorageFaults.RunAsync(host, services, report, token);
        }, cancellationToken);

        await report.GuardAsync("kill -9 and restart", TimeSpan.FromMinutes(6), async token =>
        {
            await using var services = await FaultServices.StartAsync(paths, Folder(workFolder, "restart"), token);
            await WorkloadFaults.CrashAndRestartAsync(paths, Folder(workFolder, "restart-host"), services, report, token);
        }, cancellationToken);

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## faults ({clock.Elapsed.TotalMinutes:0.0} min)"));
        report.WriteTable();
    }

    private static string Folder(string parent, string name) => Directory.CreateDirectory(Path.Combine(parent, name)).FullName;
}

/// <summary>The figures of the fault cases, written as they come and as one table at the end.</summary>
internal sealed class FaultReport(TextWriter output)
{
    private readonly List<(string Case, string Figure)> _rows = [];

    /// <summary>Records one figure.</summary>
    public void Add(string faultCase, string figure)
    {
        lock (_rows)
        {
            _rows.Add((faultCase, figure));
        }

        Console.Error.WriteLine($"  {faultCase}: {figure}");
    }

    /// <summary>Runs <paramref name="group"/> within <paramref name="limit"/>; a failure or timeout is reported, never thrown (except Ctrl+C).</summary>
    public async Task GuardAsync(string group, TimeSpan limit, Func<CancellationToken, Task> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Console.Error.WriteLine($"Faults: {group} ...");
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await run(bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Add(group, $"cut off after {limit.TotalMinutes:0} min (the remaining cases of this group did not run)");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Add(group, $"failed: {ex.GetType().Name}: {ex.Message.Split(Environment.NewLine)[0]}");
        }
    }

    /// <summary>Writes the Markdown table of every figure.</summary>
    public void WriteTable()
    {
        output.WriteLine("| case | figure |");
        output.WriteLine("|---|---|");
        lock (_rows)
        {
            foreach (var (faultCase, figure) in _rows)
            {
                output.WriteLine($"| {faultCase} | {figure.Replace("|", "/", StringComparison.Ordinal)} |");
            }
        }
    }
}

/// <summary>Azurite and Redis for one fault group, stopped on dispose.</summary>
internal sealed class FaultServices : IAsyncDisposable
{
    private FaultServices(ServiceProcess azurite, ServiceProcess redis, string storage, string redisConnection)
    {
        Azurite = azurite;
        RedisProcess = redis;
        Storage = storage;
        Redis = redisConnection;
    }

    /// <summary>The Azurite process (the fault cases stop, freeze and kill it).</summary>
    public ServiceProcess Azurite { get; }

    /// <summary>The redis-server process.</summary>
    public ServiceProcess RedisProcess { get; }

    /// <summary>The storage connection string.</summary>
    public string Storage { get; }

    /// <summary>The Redis connection string.</summary>
    public string Redis { get; }

    /// <summary>Starts both on free loopback ports with the e2e harness' launchers.</summary>
    public static async Task<FaultServices> StartAsync(RepositoryPaths paths, string folder, CancellationToken cancellationToken)
    {
        var (azurite, storage) = await ServiceLaunchers.StartAzuriteAsync(paths, Directory.CreateDirectory(Path.Combine(folder, "azurite")).FullName, cancellationToken);
        try
        {
            var (redis, redisConnection) = await ServiceLaunchers.StartRedisAsync(Directory.CreateDirectory(Path.Combine(folder, "redis")).FullName, cancellationToken);
            return new FaultServices(azurite, redis, storage, redisConnection);
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Signals.Send(Azurite, "CONT"); // a frozen process cannot be waited for
        Azurite.Dispose();
        RedisProcess.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A standalone host for the fault cases, started with the e2e harness' launcher; killed on dispose.</summary>
internal sealed class FaultHost : IAsyncDisposable
{
    private FaultHost(ServiceProcess process, Uri address, IReadOnlyDictionary<string, string?> environment)
    {
        Process = process;
        Environment = environment;
        Http = new HttpClient { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The host process.</summary>
    public ServiceProcess Process { get; }

    /// <summary>The variables it was started with (a restart uses them again).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>A client for it without a timeout of its own (every call in the cases has one).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a host; with <paramref name="storage"/> and <paramref name="redis"/> null the in-memory backend.</summary>
    public static Task<FaultHost> StartAsync(RepositoryPaths paths, string folder, string? storage, string? redis, CancellationToken cancellationToken) =>
        StartAsync(paths, Variables(folder, storage, redis), cancellationToken);

    /// <summary>Starts a host with <paramref name="environment"/>.</summary>
    public static async Task<FaultHost> StartAsync(RepositoryPaths paths, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var (process, address) = await HostLauncher.StartAsync(paths, environment, cancellationToken);
        return new FaultHost(process, address, environment);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        Process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Dictionary<string, string?> Variables(string folder, string? storage, string? redis) => new()
    {
        ["ImageFunctions__Limits__MaxFiles"] = "100",
        ["ImageFunctions__Storage__LocalRoot"] = Directory.CreateDirectory(Path.Combine(folder, "store")).FullName,
        ["ImageFunctions__Storage__ConnectionString"] = null,
        ["AzureWebJobsStorage"] = storage,
        ["ImageFunctions__Redis__ConnectionString"] = redis,
    };
}

/// <summary>Sends a POSIX signal with <c>kill</c> (Linux).</summary>
internal static class Signals
{
    /// <summary>Sends <c>SIG<paramref name="signal"/></c> to the process; false when it could not be sent (it has exited).</summary>
    public static bool Send(ServiceProcess process, string signal)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return false;
        }

        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        if (kill is null)
        {
            return false;
        }

        kill.WaitForExit(5000);
        return kill.HasExited && kill.ExitCode == 0;
    }
}
