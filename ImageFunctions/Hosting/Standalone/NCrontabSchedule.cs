using System.Globalization;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// A timer schedule as Azure Functions writes it: a six-field NCRONTAB expression
/// (<c>second minute hour day month day-of-week</c>, each <c>*</c>, <c>n</c>, <c>a-b</c>, lists and <c>/step</c>)
/// or a <see cref="TimeSpan"/> such as <c>00:05:00</c> (an interval). Times are UTC. Names (JAN, MON) are not supported.
/// </summary>
public sealed class NCrontabSchedule
{
    private readonly bool[]? _seconds;
    private readonly bool[]? _minutes;
    private readonly bool[]? _hours;
    private readonly bool[]? _days;
    private readonly bool[]? _months;
    private readonly bool[]? _weekdays;
    private readonly bool _anyDay;
    private readonly bool _anyWeekday;
    private readonly TimeSpan? _interval;

    private NCrontabSchedule(TimeSpan interval) => _interval = interval;

    private NCrontabSchedule(bool[] seconds, bool[] minutes, bool[] hours, bool[] days, bool[] months, bool[] weekdays, bool anyDay, bool anyWeekday)
    {
        (_seconds, _minutes, _hours, _days, _months, _weekdays) = (seconds, minutes, hours, days, months, weekdays);
        (_anyDay, _anyWeekday) = (anyDay, anyWeekday);
    }

    /// <summary>Parses <paramref name="expression"/>; throws <see cref="FormatException"/> with the reason.</summary>
    public static NCrontabSchedule Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var text = expression.Trim();
        if (!text.Contains(' ', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval))
        {
            return interval > TimeSpan.Zero ? new NCrontabSchedule(interval) : throw new FormatException($"Timer interval '{expression}' must be positive.");
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 6)
        {
            throw new FormatException($"Timer schedule '{expression}' must have six fields (second minute hour day month day-of-week) or be a TimeSpan.");
        }

        var weekdays = ParseField(fields[5], 0, 7, expression);
        weekdays[0] |= weekdays[7]; // 7 is Sunday too
        return new NCrontabSchedule(
            ParseField(fields[0], 0, 59, expression),
            ParseField(fields[1], 0, 59, expression),
            ParseField(fields[2], 0, 23, expression),
            ParseField(fields[3], 1, 31, expression),
            ParseField(fields[4], 1, 12, expression),
            weekdays,
            IsWildcard(fields[3]),
            IsWildcard(fields[5]));
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/> (UTC).</summary>
    public DateTime GetNextOccurrence(DateTime after)
    {
        var t = new DateTime(after.Ticks - (after.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1);
        if (_interval is { } interval)
        {
            return after.AddTicks(interval.Ticks);
        }

        var limit = t.AddYears(5);
        while (t < limit)
        {
            if (!_months![t.Month])
            {
                t = new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            if (!_hours![t.Hour])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0, DateTimeKind.Utc).AddHours(1);
                continue;
            }

            if (!_minutes![t.Minute])
            {
                t = new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, 0, DateTimeKind.Utc).AddMinutes(1);
                continue;
            }

            if (!_seconds![t.Second])
            {
                t = t.AddSeconds(1);
                continue;
            }

            return t;
        }

        throw new InvalidOperationException("The timer schedule never fires.");
    }

    // Cron rule: when both day fields are restricted, either may match.
    private bool DayMatches(DateTime t)
    {
        var day = _days![t.Day];
        var weekday = _weekdays![(int)t.DayOfWeek];
        return (_anyDay, _anyWeekday) switch
        {
            (true, true) => true,
            (true, false) => weekday,
            (false, true) => day,
            _ => day || weekday,
        };
    }

    private static bool IsWildcard(string field) => field is "*" or "?";

    private static bool[] ParseField(string field, int min, int max, string expression)
    {
        var allowed = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var step = 1;
            var range = part;
            var slash = part.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                step = Number(part[(slash + 1)..], 1, max, expression);
                range = part[..slash];
            }

            int from, to;
            if (range is "*" or "?")
            {
                (from, to) = (min, max);
            }
            else if (range.Contains('-', StringComparison.Ordinal))
            {
                var bounds = range.Split('-');
                (from, to) = (Number(bounds[0], min, max, expression), Number(bounds[1], min, max, expression));
            }
            else
            {
                from = Number(range, min, max, expression);
                to = slash >= 0 ? max : from;
            }

            if (from > to)
            {
                throw new FormatException($"Timer schedule '{expression}': range '{range}' is reversed.");
            }

            for (var v = from; v <= to; v += step)
            {
                allowed[v] = true;
            }
        }

        return allowed;
    }

    private static int Number(string text, int min, int max, string expression) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"Timer schedule '{expression}': '{text}' is not a number from {min} to {max} (names are not supported).");
}
