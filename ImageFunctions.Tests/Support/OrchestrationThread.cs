namespace ImageFunctions.Tests.Support;

/// <summary>Runs orchestrator code in a unit test the way Durable's orchestration thread runs it.</summary>
internal static class OrchestrationThread
{
    /// <summary>
    /// Runs <paramref name="action"/> with neither the test runner's synchronization context nor its task scheduler, so the
    /// orchestrator's awaits capture neither and what completes an activity runs its continuation inline, one at a time,
    /// as Durable's orchestration thread does.
    /// </summary>
    public static void Run(Action action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            var run = new Task(action);
            run.RunSynchronously(TaskScheduler.Default);
            run.GetAwaiter().GetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
