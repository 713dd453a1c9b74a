using ImageFunctions.Imaging.Codecs;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>The trim of retained memory once the engine has been idle for a while: when it is armed, when it runs.</summary>
public sealed class IdleTrimmerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(10);

    [Fact]
    public void LastWorkEnding_ArmsTheTimer_AndItsFiringTrimsOnce()
    {
        var time = new ManualTimeProvider();
        var trims = 0;
        using var trimmer = new IdleTrimmer(Delay, () => trims++, time);

        using (trimmer.Enter())
        {
            Assert.Null(time.Timer.DueTime); // not armed while work runs
        }

        Assert.Equal(Delay, time.Timer.DueTime);
        time.Timer.Fire();
        time.Timer.Fire(); // no work since: nothing more to give back
        Assert.Equal(1, trims);
    }

    [Fact]
    public void Timer_FiringWhileWorkRuns_DoesNotTrim_AndOnlyTheLastScopeArmsIt()
    {
        var time = new ManualTimeProvider();
        var trims = 0;
        using var trimmer = new IdleTrimmer(Delay, () => trims++, time);

        var first = trimmer.Enter();
        var second = trimmer.Enter();
        first.Dispose();
        Assert.Null(time.Timer.DueTime);
        time.Timer.Fire();
        Assert.Equal(0, trims);

        second.Dispose();
        second.Dispose(); // twice is harmless
        Assert.Equal(Delay, time.Timer.DueTime);
        time.Timer.Fire();
        Assert.Equal(1, trims);
    }

    [Fact]
    public void NewWork_DisarmsTheTimer()
    {
        var time = new ManualTimeProvider();
        using var trimmer = new IdleTrimmer(Delay, () => { }, time);
        trimmer.Enter().Dispose();
        Assert.Equal(Delay, time.Timer.DueTime);

        using (trimmer.Enter())
        {
            Assert.Null(time.Timer.DueTime);
        }
    }

    [Fact]
    public void NoWork_NeverTrims()
    {
        var time = new ManualTimeProvider();
        var trims = 0;
        using var trimmer = new IdleTrimmer(Delay, () => trims++, time);

        time.Timer.Fire();

        Assert.Equal(0, trims);
        Assert.Null(time.Timer.DueTime);
    }

    /// <summary>Hands out one timer whose due time the test reads and which it fires by hand.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        public ManualTimer Timer { get; private set; } = null!;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timer = new ManualTimer(() => callback(state));
            Timer.Change(dueTime, period);
            return Timer;
        }
    }

    private sealed class ManualTimer(Action callback) : ITimer
    {
        /// <summary>When the timer would fire, from the last <see cref="Change"/>; null when stopped.</summary>
        public TimeSpan? DueTime { get; private set; }

        public void Fire() => callback();

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime == Timeout.InfiniteTimeSpan ? null : dueTime;
            return true;
        }

        public void Dispose() => DueTime = null;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
