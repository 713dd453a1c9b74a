using System.Globalization;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// A read-only view of the request body that holds the client to <see cref="UploadPacing"/>: every read waits at most until the
/// nearest of the request deadline, the current part's deadline (<see cref="BeginPart"/>, <see cref="EndPart"/>) and the end of
/// the rate window that still lacks its bytes. A read that runs into one throws <see cref="ApiProblemException"/> 408, so the
/// submission stops, removes what it stored and lets go of the part it held. The rate counts only time spent waiting inside a
/// read, so the server's own work between reads (identifying and storing a part) is never held against the client.
/// </summary>
public sealed class UploadPacingStream : Stream
{
    private readonly Stream _inner;
    private readonly UploadPacing _pacing;
    private readonly TimeProvider _time;
    private readonly long _requestStart;
    private long? _partStart;
    private string _part = "";

    /// <summary>Time spent waiting inside reads so far; the rate windows are slices of it.</summary>
    private TimeSpan _waited;

    private long _window;
    private long _windowBytes;

    public UploadPacingStream(Stream inner, UploadPacing pacing, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(pacing);
        ArgumentNullException.ThrowIfNull(time);
        _inner = inner;
        _pacing = pacing;
        _time = time;
        _requestStart = time.GetTimestamp();
    }

    /// <summary>Starts the deadline of a part named <paramref name="displayName"/> (replacing any running one).</summary>
    public void BeginPart(string displayName)
    {
        _partStart = _time.GetTimestamp();
        _part = displayName;
    }

    /// <summary>Stops the part deadline: the part has been read.</summary>
    public void EndPart() => _partStart = null;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var (wait, violation) = NextDeadline();
        if (wait <= TimeSpan.Zero)
        {
            throw Timeout(violation);
        }

        using var timeout = new CancellationTokenSource(wait, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw Timeout(violation);
        }
        finally
        {
            _waited += _time.GetElapsedTime(started);
        }

        Count(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The request body is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>How long the next read may wait, and what it breaks if it waits longer.</summary>
    private (TimeSpan Wait, string Violation) NextDeadline()
    {
        RollWindows();
        var request = _pacing.RequestTimeout - _time.GetElapsedTime(_requestStart);
        var next = (Wait: request, Violation: Seconds($"The upload took longer than the limit of {_pacing.RequestTimeout.TotalSeconds} s for the whole request."));
        if (_partStart is { } partStart)
        {
            var part = _pacing.PartTimeout - _time.GetElapsedTime(partStart);
            if (part < next.Wait)
            {
                next = (part, Seconds($"The part '{_part}' took longer than the limit of {_pacing.PartTimeout.TotalSeconds} s for one part."));
            }
        }

        // The first window is free; a later one that already has its bytes lets the read wait to the end of the next one.
        var due = _window == 0 || _windowBytes >= _pacing.MinBytesPerWindow ? _window + 2 : _window + 1;
        var rate = (_pacing.Window * due) - _waited;
        if (rate < next.Wait)
        {
            next = (rate, Seconds($"The upload slowed to less than {_pacing.MinBytesPerWindow} bytes in {_pacing.Window.TotalSeconds} s."));
        }

        return next;
    }

    /// <summary>Counts <paramref name="read"/> bytes into the window the wait has reached.</summary>
    private void Count(int read)
    {
        RollWindows();
        _windowBytes += read;
    }

    /// <summary>Moves to the window the time waited has reached; a window left behind short of its bytes is a timeout.</summary>
    private void RollWindows()
    {
        var current = (long)(_waited / _pacing.Window);
        if (current == _window)
        {
            return;
        }

        // Every window left behind after the first needed its bytes; the ones skipped over got none.
        var shortWindow = (_window > 0 && _windowBytes < _pacing.MinBytesPerWindow) || current > _window + 1;
        _window = current;
        _windowBytes = 0;
        if (shortWindow)
        {
            throw Timeout(Seconds($"The upload slowed to less than {_pacing.MinBytesPerWindow} bytes in {_pacing.Window.TotalSeconds} s."));
        }
    }

    private static ApiProblemException Timeout(string detail) =>
        new(408, "Upload too slow", detail + " Nothing of the job was kept; send the request again.");

    private static string Seconds(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
