using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Tests.Unit.Standalone.Timers;

// Timer functions for TimerSchedulerTests only (their own namespace: the sample host never loads them).

public static class SettingScheduledTimer
{
    [Function("SettingScheduled")]
    public static void Run([TimerTrigger("%TestTimerSchedule%")] TimerInfo timer)
    {
    }
}

public static class BadlyScheduledTimer
{
    [Function("BadlyScheduled")]
    public static void Run([TimerTrigger("0 0 0 31 2 7")] TimerInfo timer)
    {
    }
}
