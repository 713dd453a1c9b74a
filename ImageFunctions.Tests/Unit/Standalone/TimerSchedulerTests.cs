using ImageFunctions.Tests.Unit.Standalone.Timers;
using ImageFunctions.Functions;
using System.Globalization;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Jobs;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>
/// How <see cref="TimerScheduler"/> resolves schedules: <c>%AppSetting%</c> names, start-up failures naming the function,
/// and the read of an expression as the Functions host reads it (the NCRONTAB itself is the NCrontab package's).
/// </summary>
public sealed class TimerSchedulerTests
{
    private static readonly DateTime Start = new(2025, 3, 14, 10, 7, 30, DateTimeKind.Utc); // a Friday

    [Fact]
    public void Resolve_TheAppsTimer_FiresAtMinute17OfEveryHour()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(PurgeExpiredJobsFunction)]);

        var (function, schedule) = Assert.Single(TimerScheduler.Resolve(catalog, Configuration()));

        Assert.Equal("PurgeExpiredJobs", function.Name);
        Assert.Equal(Utc("2025-03-14T10:17:00"), schedule.GetNextOccurrence(Start));
        Assert.Equal(DateTimeKind.Utc, schedule.GetNextOccurrence(Start).Kind);
        Assert.Equal(Utc("2025-03-14T11:17:00"), schedule.GetNextOccurrence(Utc("2025-03-14T10:17:00")));
        Assert.Equal(Utc("2025-03-15T00:17:00"), schedule.GetNextOccurrence(Utc("2025-03-14T23:59:59")));
    }

    [Fact]
    public void Resolve_AppSettingName_ReadsTheScheduleFromConfiguration()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(SettingScheduledTimer)]);

        var (_, schedule) = Assert.Single(TimerScheduler.Resolve(catalog, Configuration(("TestTimerSchedule", "0 0 2 * * *"))));

        Assert.Equal(Utc("2025-03-15T02:00:00"), schedule.GetNextOccurrence(Start));
    }

    [Fact]
    public void Resolve_AppSettingNotSet_FailsNamingFunctionAndSetting()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(SettingScheduledTimer)]);

        var ex = Assert.Throws<InvalidOperationException>(() => TimerScheduler.Resolve(catalog, Configuration()));

        Assert.Contains("'SettingScheduled'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'TestTimerSchedule'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 25 * * *")]
    [InlineData("0 0 0 * * 7")]
    [InlineData("every hour")]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    public void Resolve_BadExpression_FailsAtStartUpNamingFunctionAndExpression(string expression)
    {
        var catalog = FunctionCatalog.FromTypes([typeof(SettingScheduledTimer)]);

        var ex = Assert.Throws<InvalidOperationException>(() => TimerScheduler.Resolve(catalog, Configuration(("TestTimerSchedule", expression))));

        Assert.Contains("'SettingScheduled'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{expression}'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void Resolve_BadScheduleInTheAttribute_FailsAtStartUp()
    {
        var catalog = FunctionCatalog.FromTypes([typeof(BadlyScheduledTimer)]);

        var ex = Assert.Throws<InvalidOperationException>(() => TimerScheduler.Resolve(catalog, Configuration()));

        Assert.Contains("'BadlyScheduled'", ex.Message, StringComparison.Ordinal);
    }

    // How the Functions host reads an expression: six fields start with the seconds, five have none (NCrontab's
    // IncludingSeconds by field count), anything else that is a TimeSpan is an interval. NCrontab's own rules apply,
    // as on the Functions host: month and day names (JAN, MON) are accepted, day-of-week is 0-6 (7 is refused) and a
    // reversed range is read as the forward one (5-2 is 2-5).
    [Theory]
    [InlineData("0 */5 * * * *", "2025-03-14T10:10:00")]
    [InlineData("* * * * * *", "2025-03-14T10:07:31")]
    [InlineData("15,45 * * * * *", "2025-03-14T10:07:45")]
    [InlineData("0 0 9-17/4 * * 1-5", "2025-03-14T13:00:00")]
    [InlineData("0 0 0 * * 0", "2025-03-16T00:00:00")]
    [InlineData("0 0 0 * * SUN", "2025-03-16T00:00:00")]
    [InlineData("0 0 0 1 JAN *", "2026-01-01T00:00:00")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00")]
    [InlineData("0 0 5-2 * * *", "2025-03-15T02:00:00")]
    [InlineData("*/5 * * * *", "2025-03-14T10:10:00")]
    [InlineData("00:05:00", "2025-03-14T10:12:30")]
    public void Resolve_Expression_ReadAsTheFunctionsHostReadsIt(string expression, string expected)
    {
        var catalog = FunctionCatalog.FromTypes([typeof(SettingScheduledTimer)]);

        var (_, schedule) = Assert.Single(TimerScheduler.Resolve(catalog, Configuration(("TestTimerSchedule", expression))));

        Assert.Equal(Utc(expected), schedule.GetNextOccurrence(Start));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();

    private static DateTime Utc(string text) =>
        DateTime.ParseExact(text, "s", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
