using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ImageFunctions.Benchmarks.EndToEnd;

namespace ImageFunctions.Benchmarks.Load.Faults;

/// <summary>
/// Burst-then-stall uploads: 20 connections each send the headers of a 25 MB multipart request and 20 MB of one file part,
/// then nothing. Reports the host's peak RSS, how many connections the server ended during a 30 s stall, and its RSS
/// 20 s after the client dropped them.
/// </summary>
internal static class UploadStall
{
    private const int Connections = 20;
    private const int BurstBytes = 20 * 1024 * 1024;
    private const int DeclaredBytes = 25 * 1024 * 1024;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan AfterDrop = TimeSpan.FromSeconds(20);

    /// <summary>Runs the case against <paramref name="host"/>.</summary>
    public static async Task RunAsync(FaultHost host, FaultReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(report);
        var pid = host.Process.Id;
        var before = RssSampler.ReadRss(pid);
        var sampler = RssSampler.Start(pid);
        var clients = new List<TcpClient>();
        var sendFailures = 0;
        try
        {
            var address = host.Http.BaseAddress!;
            var chunk = new byte[1024 * 1024];
            new Random(20).NextBytes(chunk);
            var sends = Enumerable.Range(0, Connections).Select(async i =>
            {
                var client = new TcpClient();
                lock (clients)
                {
                    clients.Add(client);
                }

                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(TimeSpan.FromSeconds(60));
                    await client.ConnectAsync(address.Host, address.Port, deadline.Token);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Head(address, i), deadline.Token);
                    for (var sent = 0; sent < BurstBytes; sent += chunk.Length)
                    {
                        await stream.WriteAsync(chunk, deadline.Token);
                    }
                }
                catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref sendFailures);
                }
            });
            await Task.WhenAll(sends);

            await Task.Delay(Stall, cancellationToken);
            var ended = clients.Count(Ended);
            var stalled = RssSampler.ReadRss(pid);
            var peak = await sampler.StopAsync();
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await Task.Delay(AfterDrop, cancellationToken);
            var after = RssSampler.ReadRss(pid);
            report.Add(
                "burst-then-stall uploads (20 × 20 MB, then nothing)",
                string.Create(CultureInfo.InvariantCulture, $"RSS before {FaultJobs.MiB(before)}, peak {FaultJobs.MiB(peak)}, after {Stall.TotalSeconds:0} s of stall {FaultJobs.MiB(stalled)} with {ended} of {Connections} connections ended by the server ({sendFailures} bursts cut short); {AfterDrop.TotalSeconds:0} s after the client dropped them {FaultJobs.MiB(after)}"));
        }
        finally
        {
            await sampler.DisposeAsync();
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The request line, headers and the part's headers; the body is declared 25 MB long.</summary>
    private static byte[] Head(Uri address, int index)
    {
        const string Boundary = "stall-boundary-7d1f";
        var part = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big-{index}.png\"\r\nContent-Type: image/png\r\n\r\n";
        var head = $"POST /process-job?filter=blur HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\nContent-Length: {DeclaredBytes}\r\n\r\n" + part;
        return Encoding.ASCII.GetBytes(head);
    }

    /// <summary>True when the server closed the connection or answered on it.</summary>
    private static bool Ended(TcpClient client)
    {
        try
        {
            var socket = client.Client;
            return !socket.Connected || socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }
}
