using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Starts the services of <c>--backend azure</c>, each on free loopback ports and without persistence:
/// Azurite (Blob, Queue and Table; the Durable Task Azure Storage backend needs all three) from the pinned
/// <c>tools/node_modules</c>, and <c>redis-server</c> (Debian package redis-server).
/// </summary>
internal static class ServiceLaunchers
{
    /// <summary>The well-known development storage account (public, emulator only).</summary>
    private const string AccountName = "devstoreaccount1";

    /// <summary>The well-known development storage account key (public, emulator only).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Starts Azurite (after <c>npm ci --prefix tools</c> when it is not installed) and waits until its three ports listen.</summary>
    /// <returns>The process and the full storage connection string (account, key and the three endpoints).</returns>
    public static async Task<(ServiceProcess Process, string ConnectionString)> StartAzuriteAsync(
        RepositoryPaths paths, string workingDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.Azurite))
        {
            await InstallToolsAsync(paths, cancellationToken);
        }

        var ports = FreePort.Next(3);
        // No --location: Azurite refuses it together with --inMemoryPersistence; the working directory stands in for it.
        var process = ServiceProcess.Start(
            "azurite", paths.Azurite, AzuriteCommand.InMemoryOnLoopback(ports[0], ports[1], ports[2]), "Install it with: npm ci --prefix tools", workingDirectory);
        try
        {
            await WaitAsync(process, ports, () => AllListeningAsync(ports, cancellationToken), cancellationToken);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        var connection = "DefaultEndpointsProtocol=http;"
            + $"AccountName={AccountName};AccountKey={AccountKey};"
            + $"BlobEndpoint=http://127.0.0.1:{Text(ports[0])}/{AccountName};"
            + $"QueueEndpoint=http://127.0.0.1:{Text(ports[1])}/{AccountName};"
            + $"TableEndpoint=http://127.0.0.1:{Text(ports[2])}/{AccountName};";
        return (process, connection);
    }

    /// <summary>Starts <c>redis-server</c> without persistence and waits until it answers PING.</summary>
    /// <returns>The process and the StackExchange.Redis configuration string <c>127.0.0.1:PORT</c>.</returns>
    public static async Task<(ServiceProcess Process, string ConnectionString)> StartRedisAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        string[] arguments = ["--port", Text(port), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", workingDirectory];
        ServiceProcess process;
        try
        {
            process = ServiceProcess.Start("redis-server", "redis-server", arguments, "Install it with: apt-get install redis-server", workingDirectory);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{ex.Message}. Install Redis with `apt-get install -y redis-server`.", ex);
        }

        try
        {
            await WaitAsync(process, [port], () => RedisPing.AnswersAsync(port, cancellationToken), cancellationToken);
        }
        catch
        {
            process.Dispose();
            throw;
        }

        return (process, $"127.0.0.1:{Text(port)}");
    }

    private static async Task InstallToolsAsync(RepositoryPaths paths, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"Azurite is not installed ({paths.Azurite}): running npm ci --prefix tools ...");
        var npm = ServiceProcess.Start("npm", "npm", ["ci", "--prefix", "tools", "--no-audit", "--no-fund"], "Install Node.js 20 or later with npm.", paths.Root);
        using (npm)
        {
            await npm.Exited.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
            if (!File.Exists(paths.Azurite))
            {
                throw new InvalidOperationException(npm.Describe($"npm ci --prefix tools did not install {paths.Azurite}"));
            }
        }
    }

    private static async Task WaitAsync(ServiceProcess process, int[] ports, Func<Task<bool>> isReady, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await isReady())
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(process.Describe($"{process.Name} stopped during start-up on port(s) {string.Join("/", ports)}"));
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(process.Describe($"{process.Name} did not answer on port(s) {string.Join("/", ports)} within {StartTimeout.TotalSeconds:0} s"));
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static async Task<bool> AllListeningAsync(int[] ports, CancellationToken cancellationToken)
    {
        foreach (var port in ports)
        {
            if (!await FreePort.IsListeningAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
