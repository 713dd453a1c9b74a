using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// Issue 10, "A burst-then-stall upload pins memory", over real HTTP to the app on Azurite and Redis with small pacing
/// limits: a client that sends part of a file and stalls, or keeps a steady pace past the part or request deadline, gets a
/// 408 problem+json and a closed connection within the deadline, and nothing of its job stays in storage; an honest slow
/// client succeeds. The clients are raw sockets, so they can stall mid-part as a real one does.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class UploadPacingTests(AzuriteFixture azurite, RedisFixture redis)
{
    /// <summary>Window 0.5 s, at least 8 KiB in each after the first; part and request deadlines far away unless a test sets them.</summary>
    private static Dictionary<string, string?> Pacing(double partSeconds = 30, double requestSeconds = 60) => new()
    {
        ["ImageFunctions:Limits:UploadRateWindowSeconds"] = "0.5",
        ["ImageFunctions:Limits:UploadMinBytesPerWindow"] = "8192",
        ["ImageFunctions:Limits:UploadPartTimeoutSeconds"] = partSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["ImageFunctions:Limits:UploadRequestTimeoutSeconds"] = requestSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task SubmitJob_BurstThenStallInsideAPart_Gets408AndAClosedConnectionAndLeavesNothingStored()
    {
        var recorder = default(RecordingImageStore);
        await using var host = await AppHost.StartAsync(
            azurite, redis, Pacing(), s => s.DecorateImageStore(inner => recorder = new RecordingImageStore(inner)));
        var body = await BodyAsync(new MultipartRequest()
            .File("good.png", TestImages.Png(), contentType: "image/png")
            .File("big.png", RandomBytes(1 << 20), contentType: "image/png"));

        await using var upload = await RawUpload.StartAsync(host, body);
        await upload.SendAsync(body.Bytes.AsMemory(0, body.Bytes.Length / 4)); // good.png whole, then 256 KiB of big.png; then nothing

        var answer = await upload.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        Assert.True(answer.Closed, $"The server did not close the stalled connection within 10 s; received: {answer.Text}");
        AssertUploadTooSlow(answer, "less than 8192 bytes in 0.5 s");
        Assert.Single(recorder!.Saved); // good.png was stored, then removed
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_SteadyPacePastTheRequestDeadline_Gets408EvenThoughEveryWindowHadItsBytes()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, Pacing(requestSeconds: 2));
        var body = await BodyAsync(new MultipartRequest()
            .File("a.png", TestImages.Png(), contentType: "image/png")
            .File("b.png", TestImages.Png(seed: 2), contentType: "image/png")
            .File("big.png", RandomBytes(1 << 20), contentType: "image/png"));

        await using var upload = await RawUpload.StartAsync(host, body);
        await upload.TrickleAsync(body.Bytes, chunk: 16 * 1024, TimeSpan.FromMilliseconds(100)); // 160 KiB/s: 6.5 s for the body

        var answer = await upload.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        // Not before the deadline; how soon after depends on when the server reads next (it stores a.png and b.png in between).
        AssertUploadTooSlow(answer, "limit of 2 s for the whole request");
        Assert.True(answer.Elapsed >= TimeSpan.FromSeconds(1.9), $"The 408 came after {answer.Elapsed}, before the deadline.");
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_SteadyPacePastThePartDeadline_Gets408NamingThePart()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, Pacing(partSeconds: 1.5));
        var body = await BodyAsync(new MultipartRequest()
            .File("a.png", TestImages.Png(), contentType: "image/png")
            .File("big.png", RandomBytes(1 << 20), contentType: "image/png"));

        await using var upload = await RawUpload.StartAsync(host, body);
        await upload.TrickleAsync(body.Bytes, chunk: 16 * 1024, TimeSpan.FromMilliseconds(100));

        var answer = await upload.WaitForCloseAsync(TimeSpan.FromSeconds(10));

        AssertUploadTooSlow(answer, "The part 'big.png' took longer than the limit of 1.5 s");
        Assert.True(answer.Elapsed >= TimeSpan.FromSeconds(1.4), $"The 408 came after {answer.Elapsed}, before the deadline.");
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_SlowButSteadyClient_IsAccepted()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, Pacing());
        // An image and a part the reader skips, 300 KiB in all: at 10 KiB every 100 ms (100 KiB/s) about 3 s and 6 windows.
        var body = await BodyAsync(new MultipartRequest()
            .File("slow.png", TestImages.Png(), contentType: "image/png")
            .File("notes.bin", RandomBytes(300 * 1024), field: "attachment"));
        const int chunk = 10 * 1024;

        await using var upload = await RawUpload.StartAsync(host, body);
        await upload.TrickleAsync(body.Bytes, chunk, TimeSpan.FromMilliseconds(100));

        var answer = await upload.WaitForResponseAsync(TimeSpan.FromSeconds(30));

        Assert.True(answer.Text.StartsWith("HTTP/1.1 202", StringComparison.Ordinal), answer.Text);
        Assert.True(answer.Elapsed > TimeSpan.FromSeconds(2), $"The upload should span several windows; it took {answer.Elapsed}.");
        Assert.Single(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    private static void AssertUploadTooSlow(RawAnswer answer, string detail)
    {
        Assert.True(answer.Text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), $"Expected a 408, got: {answer.Text}");
        Assert.Contains("application/problem+json", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Upload too slow", answer.Text, StringComparison.Ordinal);
        Assert.Contains(detail, answer.Text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", answer.Text, StringComparison.OrdinalIgnoreCase);
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x89; // looks like the start of a PNG
        return bytes;
    }

    private static async Task<RawBody> BodyAsync(MultipartRequest request) =>
        new(await request.Content.ReadAsByteArrayAsync(), request.Content.Headers.ContentType!.ToString());

    private sealed record RawBody(byte[] Bytes, string ContentType);

    /// <summary>What came back: the raw response (status line, headers, body), whether the server closed, and when.</summary>
    private sealed record RawAnswer(string Text, bool Closed, TimeSpan Elapsed);

    /// <summary>
    /// One <c>POST /process-job</c> over a raw socket, with the whole body's Content-Length announced and the body sent as the
    /// test says; the answer is read all along, so a response written before a reset is not lost.
    /// </summary>
    private sealed class RawUpload : IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly MemoryStream _received = new();
        private readonly Lock _lock = new();
        private readonly Task _receiving;
        private TimeSpan _closedAt;
        private TimeSpan _firstByteAt;

        private RawUpload(Socket socket)
        {
            _socket = socket;
            _receiving = Task.Run(ReceiveAsync);
        }

        public static async Task<RawUpload> StartAsync(AppHost host, RawBody body)
        {
            var address = host.Api.Http.BaseAddress!;
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(address.Host, address.Port);
            var head = $"POST /process-job?filter=blur HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: {body.ContentType}\r\n"
                + $"Content-Length: {body.Bytes.Length}\r\n\r\n";
            var upload = new RawUpload(socket);
            await upload.SendAsync(Encoding.ASCII.GetBytes(head));
            return upload;
        }

        private bool Answered
        {
            get
            {
                lock (_lock)
                {
                    return _received.Length > 0 || _receiving.IsCompleted;
                }
            }
        }

        /// <summary>Sends <paramref name="bytes"/>; a connection the server has closed ends the sending quietly.</summary>
        public async Task SendAsync(ReadOnlyMemory<byte> bytes)
        {
            try
            {
                await _socket.SendAsync(bytes);
            }
            catch (SocketException)
            {
                // the server gave up on us; its answer (if any) is in _received
            }
        }

        /// <summary>Sends <paramref name="bytes"/> <paramref name="chunk"/> bytes at a time every <paramref name="interval"/>, until done or answered.</summary>
        public async Task TrickleAsync(byte[] bytes, int chunk, TimeSpan interval)
        {
            for (var offset = 0; offset < bytes.Length && !Answered; offset += chunk)
            {
                await SendAsync(bytes.AsMemory(offset, Math.Min(chunk, bytes.Length - offset)));
                await Task.Delay(interval);
            }
        }

        /// <summary>Waits up to <paramref name="timeout"/> for the server to close the connection.</summary>
        public async Task<RawAnswer> WaitForCloseAsync(TimeSpan timeout)
        {
            await Task.WhenAny(_receiving, Task.Delay(timeout));
            return Snapshot();
        }

        /// <summary>Waits up to <paramref name="timeout"/> for a complete response head and body (or the close).</summary>
        public async Task<RawAnswer> WaitForResponseAsync(TimeSpan timeout)
        {
            var until = _clock.Elapsed + timeout;
            while (_clock.Elapsed < until && !_receiving.IsCompleted && !Snapshot().Text.Contains("}", StringComparison.Ordinal))
            {
                await Task.Delay(50);
            }

            return Snapshot();
        }

        public async ValueTask DisposeAsync()
        {
            _socket.Dispose();
            await _receiving;
        }

        /// <summary>The answer so far; its time is when the first byte came, else when the connection closed, else now.</summary>
        private RawAnswer Snapshot()
        {
            lock (_lock)
            {
                var closed = _receiving.IsCompleted;
                var elapsed = _received.Length > 0 ? _firstByteAt : closed ? _closedAt : _clock.Elapsed;
                return new RawAnswer(Encoding.UTF8.GetString(_received.ToArray()), closed, elapsed);
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[4096];
            try
            {
                int read;
                while ((read = await _socket.ReceiveAsync(buffer)) > 0)
                {
                    lock (_lock)
                    {
                        if (_received.Length == 0)
                        {
                            _firstByteAt = _clock.Elapsed;
                        }

                        _received.Write(buffer, 0, read);
                    }
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // reset by the server, or disposed by the test
            }

            _closedAt = _clock.Elapsed;
        }
    }
}
