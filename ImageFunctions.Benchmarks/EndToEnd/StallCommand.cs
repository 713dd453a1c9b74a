using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The <c>--stall</c> verb (issue 10, "A burst-then-stall upload pins memory"): starts the host (embedded backends), opens
/// N raw connections that each send the headers of <c>POST /process-job</c> and X MiB of one <c>files</c> part, then
/// nothing. Reports the host's RSS before, at its peak, at the end of the hold, and 15 s after the client dropped the
/// connections, and when the server closed them; three runs on a fresh host each, then the medians.
/// <c>--stall [connections=20] [mib=20] [hold-seconds=40]</c>.
/// </summary>
internal static class StallCommand
{
    /// <summary>The verb that selects this command.</summary>
    public const string Verb = "--stall";

    private const double MiB = 1024 * 1024;
    private const int Runs = 3;
    private static readonly TimeSpan AfterDrop = TimeSpan.FromSeconds(15);

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var connections = args.Count > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var mib = args.Count > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var hold = TimeSpan.FromSeconds(args.Count > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40);
        var results = new List<StallRun>();
        for (var run = 1; run <= Runs; run++)
        {
            var workFolder = Directory.CreateTempSubdirectory("imagefunctions-stall-").FullName;
            try
            {
                var result = await RunOnceAsync(connections, mib, hold, workFolder);
                Console.Error.WriteLine(Invariant($"run {run}/{Runs}: {result.Describe()}"));
                results.Add(result);
            }
            finally
            {
                Directory.Delete(workFolder, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine(Invariant($"{connections} connections x {mib} MiB of one part, then stalled for {hold.TotalSeconds:0} s (median of {Runs} runs, fresh host each):"));
        Console.WriteLine("| RSS before | peak RSS | RSS at end of hold | RSS 15 s after the client dropped them | connections closed by the server | median close after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Invariant(
            $"| {Median(results, r => r.Before) / MiB:0} MiB | {Median(results, r => r.Peak) / MiB:0} MiB | {Median(results, r => r.EndOfHold) / MiB:0} MiB | {Median(results, r => r.AfterDrop) / MiB:0} MiB | {Median(results, r => r.ClosedByServer)}/{connections} | {(results.Any(r => r.MedianCloseSeconds is not null) ? Median(results, r => r.MedianCloseSeconds ?? double.NaN).ToString("0.0", CultureInfo.InvariantCulture) + " s" : "never")} |"));
        return 0;
    }

    private static async Task<StallRun> RunOnceAsync(int connections, int mib, TimeSpan hold, string workFolder)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ImageFunctions__Storage__LocalRoot"] = Directory.CreateDirectory(Path.Combine(workFolder, "store")).FullName,
            ["ImageFunctions__Storage__ConnectionString"] = null,
            ["AzureWebJobsStorage"] = null,
            ["ImageFunctions__Redis__ConnectionString"] = null,
        };
        var (host, address) = await HostLauncher.StartAsync(RepositoryPaths.Find(), environment, CancellationToken.None);
        using (host)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            var before = RssSampler.ReadRss(host.Id) ?? 0;
            await using var sampler = RssSampler.Start(host.Id);
            var clock = Stopwatch.StartNew();
            var sockets = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => SendBurstAsync(address, mib)));
            var closes = sockets.Select(s => WatchCloseAsync(s, clock)).ToArray();
            await Task.Delay(hold - clock.Elapsed > TimeSpan.Zero ? hold - clock.Elapsed : TimeSpan.Zero);
            var endOfHold = RssSampler.ReadRss(host.Id) ?? 0;
            var peak = await sampler.StopAsync() ?? 0;
            var closedAt = closes.Where(c => c.IsCompleted).Select(c => c.Result).OfType<double>().Order().ToList();
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await Task.Delay(AfterDrop);
            var afterDrop = RssSampler.ReadRss(host.Id) ?? 0;
            return new StallRun(before, peak, endOfHold, afterDrop, closedAt.Count, closedAt.Count == 0 ? null : closedAt[closedAt.Count / 2]);
        }
    }

    /// <summary>Connects, sends the request head, the part's head and <paramref name="mib"/> MiB of it; the rest never comes.</summary>
    private static async Task<Socket> SendBurstAsync(Uri address, int mib)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(address.Host, address.Port);
        const string boundary = "stall-boundary";
        var partHead = Encoding.ASCII.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n");
        var promised = partHead.Length + (25L << 20); // as if a 25 MiB file follows
        var head = Encoding.ASCII.GetBytes(
            $"POST /process-job?filter=blur HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
            + $"Content-Length: {promised.ToString(CultureInfo.InvariantCulture)}\r\n\r\n");
        await socket.SendAsync(head);
        await socket.SendAsync(partHead);
        var chunk = new byte[1 << 20];
        chunk[0] = 0x89; // PNG-looking start; the rest is zeros
        for (var i = 0; i < mib; i++)
        {
            await socket.SendAsync(chunk);
            chunk[0] = 0;
        }

        return socket;
    }

    /// <summary>Seconds after the start when the server answered or closed the connection; null if the client closed it first.</summary>
    private static async Task<double?> WatchCloseAsync(Socket socket, Stopwatch clock)
    {
        var buffer = new byte[4096];
        try
        {
            while (await socket.ReceiveAsync(buffer) > 0)
            {
                // a response (408) comes before the close
            }

            return clock.Elapsed.TotalSeconds;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return ex is SocketException ? clock.Elapsed.TotalSeconds : null;
        }
    }

    private static double Median(IReadOnlyList<StallRun> runs, Func<StallRun, double> value)
    {
        var values = runs.Select(value).Order().ToList();
        return values[values.Count / 2];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record StallRun(long Before, long Peak, long EndOfHold, long AfterDrop, int ClosedByServer, double? MedianCloseSeconds)
    {
        public string Describe() => Invariant(
            $"RSS before {Before / MiB:0} MiB, peak {Peak / MiB:0} MiB, end of hold {EndOfHold / MiB:0} MiB, 15 s after drop {AfterDrop / MiB:0} MiB; closed by the server: {ClosedByServer}{(MedianCloseSeconds is { } s ? Invariant($" (median after {s:0.0} s)") : "")}");
    }
}
