using System.Diagnostics;
using System.Globalization;

using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Starts the app as users run it, <c>dotnet ImageFunctions.dll --standalone --urls http://127.0.0.1:PORT</c> from its
/// Release bin folder, in a child process, and waits until <c>GET /filters</c> answers 200 and the start-up banner is out.
/// </summary>
internal static class HostLauncher
{
    /// <summary>The last line of the host's start-up banner.</summary>
    private const string BannerEnd = "Press Ctrl+C to stop";

    /// <summary>The banner lines that name the backends.</summary>
    private static readonly string[] BackendLines = ["Durable", "Storage", "Progress"];

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Starts the host on a free loopback port (three tries, in case another process takes the port first).</summary>
    /// <param name="paths">Where the Release build of the app is.</param>
    /// <param name="environment">Variables for the host; a null value removes one the harness inherited.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <returns>The host process and its base address.</returns>
    public static async Task<(ServiceProcess Process, Uri Address)> StartAsync(
        RepositoryPaths paths, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        if (!File.Exists(paths.HostDll))
        {
            throw new InvalidOperationException(
                $"The host is not built: {paths.HostDll} is missing. Build it with `dotnet build -c Release ImageFunctions.Benchmarks`.");
        }

        var variables = new Dictionary<string, string?>(environment) { ["ASPNETCORE_URLS"] = null };
        for (var attempt = 1; ; attempt++)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
            string[] arguments = [paths.HostDll, "--standalone", "--urls", address.ToString().TrimEnd('/')];
            var process = ServiceProcess.Start("host", "dotnet", arguments, "Build it with: dotnet build -c Release ImageFunctions.Benchmarks", Path.GetDirectoryName(paths.HostDll)!, variables);
            try
            {
                await WaitUntilAnsweringAsync(process, address, cancellationToken);
                return (process, address);
            }
            catch (InvalidOperationException) when (process.HasExited && attempt < 3)
            {
                // Most likely the port was taken between choosing and binding: try another.
                process.Dispose();
            }
            catch
            {
                process.Dispose();
                throw;
            }
        }
    }

    /// <summary>The backends the host's start-up banner names, e.g. <c>Durable in-memory; Storage filesystem (...); Progress in-process</c>.</summary>
    public static string DescribeBackends(ServiceProcess host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lines = host.OutputTail.Split(Environment.NewLine)
            .Select(line => line.Trim())
            .Where(line => BackendLines.Any(name => line.StartsWith(name + " ", StringComparison.Ordinal)))
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return string.Join("; ", lines);
    }

    private static async Task WaitUntilAnsweringAsync(ServiceProcess process, Uri address, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(process.Describe("The host stopped during start-up"));
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/filters", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode && process.OutputTail.Contains(BannerEnd, StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // not answering yet
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException(process.Describe($"The host did not answer GET {address}filters within {StartTimeout.TotalSeconds:0} s"));
            }

            await Task.Delay(200, cancellationToken);
        }
    }
}
