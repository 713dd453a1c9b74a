using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Standalone;

public sealed class NCrontabScheduleTests
{
    private static readonly DateTime _start = new(2025, 3, 14, 10, 7, 30, DateTimeKind.Utc); // a Friday

    [Theory]
    [InlineData("0 */5 * * * *", "2025-03-14T10:10:00")]
    [InlineData("* * * * * *", "2025-03-14T10:07:31")]
    [InlineData("30 7 10 * * *", "2025-03-15T10:07:30")]
    [InlineData("0 0 2 * * *", "2025-03-15T02:00:00")]
    [InlineData("0 0 0 * * 1", "2025-03-17T00:00:00")]
    [InlineData("0 0 0 * * 7", "2025-03-16T00:00:00")]
    [InlineData("0 0 9-17/4 * * 1-5", "2025-03-14T13:00:00")]
    [InlineData("0 0 0 1 1 *", "2026-01-01T00:00:00")]
    [InlineData("0 0 0 29 2 *", "2028-02-29T00:00:00")]
    [InlineData("15,45 * * * * *", "2025-03-14T10:07:45")]
    [InlineData("00:05:00", "2025-03-14T10:12:30")]
    public void GetNextOccurrence_Expression_IsNextMatchingSecond(string expression, string expected)
    {
        var next = NCrontabSchedule.Parse(expression).GetNextOccurrence(_start);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
    }

    [Theory]
    [InlineData("0 */5 * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("0 0 0 * JAN *")]
    [InlineData("0 0 5-2 * * *")]
    public void Parse_InvalidExpression_ThrowsFormatException(string expression) =>
        Assert.Throws<FormatException>(() => NCrontabSchedule.Parse(expression));
}
