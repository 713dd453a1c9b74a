using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// One step of the host's stop that may wait for a backend (storage that is down or frozen, Redis): bounded, and abandoned when
/// it takes longer (it goes on in the background until the process exits). Never throws: a stop goes on with the next step.
/// </summary>
internal static partial class BoundedStop
{
    /// <summary>Runs <paramref name="step"/> for at most <paramref name="limit"/>; true when it finished without a fault.</summary>
    public static async Task<bool> RunAsync(Func<Task> step, TimeSpan limit, string what, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(logger);
        if (limit < TimeSpan.Zero)
        {
            limit = TimeSpan.Zero;
        }

        Task running;
        try
        {
            running = step();
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, what);
            return false;
        }

        try
        {
            await running.WaitAsync(limit).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException) when (!running.IsCompleted)
        {
            LogAbandoned(logger, what, limit.TotalSeconds);
            return false;
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex, what);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {What} did not finish within {Seconds:0.#} s; abandoned")]
    private static partial void LogAbandoned(ILogger logger, string what, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping: {What} failed; going on")]
    private static partial void LogFailed(ILogger logger, Exception exception, string what);
}
