using System.Globalization;
using NCrontab;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// A timer function's schedule, read as the Functions host reads it: an NCRONTAB expression parsed by the NCrontab
/// package (six fields <c>second minute hour day month day-of-week</c>; five fields, without seconds, are accepted too),
/// else a positive <see cref="TimeSpan"/> such as <c>00:05:00</c> (an interval). Times are UTC here.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval) => (_cron, _interval) = (cron, interval);

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="FormatException"/> with NCrontab's reason.</summary>
    public static TimerSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);

        // The Functions host's rule: any field count but five means the first field is the seconds.
        var options = new CrontabSchedule.ParseOptions
        {
            IncludingSeconds = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length != 5,
        };
        string? reason = null;
        var cron = CrontabSchedule.TryParse(expression, options, schedule => (CrontabSchedule?)schedule, error =>
        {
            reason = error().Message;
            return null;
        });
        if (cron is not null)
        {
            return new TimerSchedule(cron, TimeSpan.Zero);
        }

        return TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
            ? new TimerSchedule(null, interval)
            : throw new FormatException(
                $"Timer schedule '{expression}' is neither an NCRONTAB expression ({reason}) nor a positive TimeSpan such as 00:05:00.");
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC); an interval counts from <paramref name="after"/>.</summary>
    public DateTime GetNextOccurrence(DateTime after) =>
        _cron is not null ? _cron.GetNextOccurrence(after) : after + _interval;

    /// <inheritdoc />
    public override string ToString() => _cron?.ToString() ?? _interval.ToString("c", CultureInfo.InvariantCulture);
}
