using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace ImageFunctions.Tests.Browser;

/// <summary>An event of the Chrome DevTools Protocol: its method and parameters.</summary>
public sealed record CdpEvent(string Method, JsonElement Params);

/// <summary>
/// A minimal Chrome DevTools Protocol client over one target's websocket: numbered commands awaited by id,
/// every event recorded in order for the test to inspect afterwards.
/// </summary>
public sealed class CdpSession : IAsyncDisposable
{
    private static readonly TimeSpan _commandTimeout = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly ConcurrentQueue<CdpEvent> _events = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private int _lastId;

    private CdpSession(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Every event received so far, in order.</summary>
    public IReadOnlyList<CdpEvent> Events => _events.ToArray();

    /// <summary>Opens the websocket of a target (<c>webSocketDebuggerUrl</c>).</summary>
    public static async Task<CdpSession> ConnectAsync(Uri webSocketUrl, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(webSocketUrl, cancellationToken);
        return new CdpSession(socket);
    }

    /// <summary>Sends <paramref name="method"/> and returns its <c>result</c>; a protocol error throws.</summary>
    public async Task<JsonElement> SendAsync(string method, object? parameters = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _lastId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters ?? new { } });
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }

        return await reply.Task.WaitAsync(_commandTimeout, cancellationToken);
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as JSON.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Runtime.evaluate", new { expression, returnByValue = true }, cancellationToken);
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"'{expression}' threw in the page: {exception}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The browser may already be closing.
        }

        await _receiving.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Closed: fail whoever still waits.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("The DevTools connection closed."));
        }
    }

    private void Dispatch(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8);
        var root = document.RootElement;
        if (root.TryGetProperty("id", out var idElement) && _pending.TryRemove(idElement.GetInt32(), out var reply))
        {
            if (root.TryGetProperty("error", out var error))
            {
                reply.TrySetException(new InvalidOperationException($"DevTools error: {error}"));
            }
            else
            {
                reply.TrySetResult(root.TryGetProperty("result", out var result) ? result.Clone() : default);
            }
        }
        else if (root.TryGetProperty("method", out var method))
        {
            var parameters = root.TryGetProperty("params", out var p) ? p.Clone() : default;
            _events.Enqueue(new CdpEvent(method.GetString()!, parameters));
        }
    }
}
