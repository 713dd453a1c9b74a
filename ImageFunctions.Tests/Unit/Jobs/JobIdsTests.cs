using ImageFunctions.Jobs;

namespace ImageFunctions.Tests.Unit.Jobs;

public sealed class JobIdsTests
{
    [Fact]
    public void New_Is32LowerCaseHexDigitsAndValid()
    {
        var id = JobIds.New();

        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.True(JobIds.IsValid(id));
    }

    [Fact]
    public void New_ManyIds_AllDiffer()
    {
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(_ => JobIds.New()).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdeg0123456789abcdef")]
    [InlineData("0123456789abcdef-123456789abcdef")]
    [InlineData("../../../../../../../../etc/pass")]
    public void IsValid_AnythingButThirtyTwoLowerCaseHexDigits_IsFalse(string? id)
    {
        Assert.False(JobIds.IsValid(id));
    }

    [Fact]
    public void IsValid_ThirtyTwoLowerCaseHexDigits_IsTrue()
    {
        Assert.True(JobIds.IsValid("0123456789abcdef0123456789abcdef"));
    }
}
