using System.Globalization;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// Samples a process' resident set (<c>VmRSS</c> in <c>/proc/PID/status</c>) about every 20 ms on a background task
/// and keeps the highest value. Linux only; elsewhere every reading is null.
/// </summary>
internal sealed class RssSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly string _statusFile;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakKib;

    private RssSampler(int processId)
    {
        _statusFile = StatusFile(processId);
        _loop = Task.Run(SampleAsync);
    }

    /// <summary>Starts sampling process <paramref name="processId"/>.</summary>
    public static RssSampler Start(int processId) => new(processId);

    /// <summary>Stops sampling and returns the highest <c>VmRSS</c> seen, in bytes; null when none could be read.</summary>
    public async Task<long?> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample(); // the state at the very end counts too
        return _peakKib > 0 ? _peakKib * 1024 : null;
    }

    /// <summary>The process' resident set now (<c>VmRSS</c>), in bytes; null when unreadable.</summary>
    public static long? ReadRss(int processId) => ReadKib(StatusFile(processId), "VmRSS:") * 1024;

    /// <summary>The process' high-water mark (<c>VmHWM</c>, peak RSS over its whole life), in bytes; null when unreadable.</summary>
    public static long? ReadHighWaterMark(int processId) => ReadKib(StatusFile(processId), "VmHWM:") * 1024;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
        _stop.Dispose();
    }

    private static string StatusFile(int processId) => $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status";

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
            // stopped
        }
    }

    private void Sample()
    {
        // Only one caller at a time: the loop, then StopAsync once the loop has ended.
        if (ReadKib(_statusFile, "VmRSS:") is { } kib && kib > _peakKib)
        {
            _peakKib = kib;
        }
    }

    /// <summary>Reads a <c>Name:   12345 kB</c> line of a <c>/proc/PID/status</c> file.</summary>
    private static long? ReadKib(string statusFile, string field)
    {
        try
        {
            foreach (var line in File.ReadLines(statusFile))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var value = line.AsSpan(field.Length).Trim();
                    var space = value.IndexOf(' ');
                    return long.Parse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the process has exited, or this is not Linux
        }

        return null;
    }
}
