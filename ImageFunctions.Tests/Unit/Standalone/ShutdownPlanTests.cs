using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>The standalone host's stop fits in its grace period: activities drain in part of it, the other steps share the rest.</summary>
public sealed class ShutdownPlanTests
{
    [Theory]
    [InlineData(30, 20, 10, 7.5)]
    [InlineData(9, 6, 3, 2.25)]
    [InlineData(120, 110, 10, 7.5)]
    public void Plan_SplitsTheGracePeriod(int graceSeconds, double drainSeconds, double reserveSeconds, double sidecarSeconds)
    {
        var plan = new ShutdownPlan(new StandaloneOptions { ShutdownGraceSeconds = graceSeconds });

        Assert.Equal(TimeSpan.FromSeconds(graceSeconds), plan.Grace);
        Assert.Equal(TimeSpan.FromSeconds(drainSeconds), plan.DrainWindow);
        Assert.Equal(TimeSpan.FromSeconds(reserveSeconds), plan.Reserve);
        Assert.Equal(TimeSpan.FromSeconds(sidecarSeconds), plan.SidecarStop);
    }
}
