using ImageFunctions.Benchmarks.Load;

namespace ImageFunctions.Tests.Unit.Tooling;

/// <summary>The load harness' pure parts: its mix of submissions and what it counts as a leaked stack trace.</summary>
public sealed class LoadHarnessTests
{
    [Fact]
    public void Plan_SameCount_SameRequestsAndBytes()
    {
        var first = LoadPlan.Create(40, maxFiles: 10);
        var second = LoadPlan.Create(40, maxFiles: 10);

        Assert.Equal(first.Select(s => s.ToString()), second.Select(s => s.ToString()));
        Assert.All(first.Zip(second), pair => Assert.Equal(
            pair.First.Files.SelectMany(f => f.Bytes),
            pair.Second.Files.SelectMany(f => f.Bytes)));
    }

    [Fact]
    public void Plan_200_HalfGoodAndEveryBadCaseAtLeastTenTimes()
    {
        var plan = LoadPlan.Create(200, maxFiles: 100);

        Assert.Equal(100, plan.Count(s => s.ExpectAccepted));
        Assert.All(LoadPlan.BadCases, kind => Assert.True(plan.Count(s => s.Kind == kind) >= 10, $"{kind} is sent fewer than 10 times."));
        Assert.All(plan.Where(s => s.ExpectAccepted), s => Assert.InRange(s.Files.Count, 1, 6));
        Assert.Equal(101, plan.First(s => s.Kind == LoadCaseKind.TooManyFiles).Files.Count);
        Assert.Equal(
            plan.Where(s => s.ExpectAccepted).Sum(s => s.Files.Count),
            plan.Where(s => s.ExpectAccepted).Sum(s => s.Files.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count()));
    }

    [Theory]
    [InlineData("System.IO.IOException: disk full")]
    [InlineData("{\"detail\":\"boom\\n   at ImageFunctions.Api.SubmitJobFunction.RunAsync(HttpRequest request)\"}")]
    [InlineData("Azure.RequestFailedException: Service request failed.")]
    public void Leaks_StackFrameOrExceptionType_Found(string body) => Assert.NotNull(ResponseLeaks.Find(body));

    [Theory]
    [InlineData("{\"title\":\"Too many files\",\"detail\":\"A job takes at most 100 files.\"}")]
    [InlineData("{\"error\":\"The image data is corrupt or truncated.\"}")]
    [InlineData("{\"detail\":\"Storage is unavailable; try again later (traceId 00-ab).\"}")]
    public void Leaks_PlainProblem_NotFound(string body) => Assert.Null(ResponseLeaks.Find(body));
}
