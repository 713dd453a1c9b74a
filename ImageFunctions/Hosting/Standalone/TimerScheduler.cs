using ImageFunctions.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>Runs the catalog's timer functions on their schedules (UTC), one invocation at a time per function.</summary>
public sealed partial class TimerScheduler(
    FunctionCatalog catalog,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    ILogger<TimerScheduler> logger,
    TimeProvider time) : BackgroundService
{
    /// <summary>Parses every schedule (resolving <c>%AppSetting%</c> names) so a bad one fails at start-up.</summary>
    public static IReadOnlyList<(TimerFunction Function, TimerSchedule Schedule)> Resolve(FunctionCatalog catalog, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(configuration);
        return catalog.Timers.Select(t =>
        {
            var expression = t.Schedule;
            if (expression.Length > 2 && expression.StartsWith('%') && expression.EndsWith('%'))
            {
                var key = expression[1..^1];
                expression = configuration[key]
                    ?? throw new InvalidOperationException($"Timer function '{t.Name}' reads its schedule from app setting '{key}', which is not set.");
            }

            try
            {
                return (t, TimerSchedule.Parse(expression));
            }
            catch (FormatException ex)
            {
                throw new InvalidOperationException($"Timer function '{t.Name}': {ex.Message}", ex);
            }
        }).ToArray();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Resolve(catalog, configuration).Select(t => RunAsync(t.Function, t.Schedule, stoppingToken)));

    private async Task RunAsync(TimerFunction function, TimerSchedule schedule, CancellationToken stoppingToken)
    {
        var invoker = FunctionMethod.Create(function);
        var last = time.GetUtcNow().UtcDateTime;
        var first = function.RunOnStartup;
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            if (!first)
            {
                var wait = next - time.GetUtcNow().UtcDateTime;
                try
                {
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            first = false;
            last = next;
            var info = new TimerInfo
            {
                ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(last), LastUpdated = time.GetUtcNow().UtcDateTime },
            };
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await invoker.InvokeAsync(new FunctionInvocation(scope.ServiceProvider, info, stoppingToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogTimerFailed(ex, function.Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer function {FunctionName} failed")]
    private partial void LogTimerFailed(Exception exception, string functionName);
}
