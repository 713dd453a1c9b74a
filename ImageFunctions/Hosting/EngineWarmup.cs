using ImageFunctions.Imaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Hosting;

/// <summary>Runs a tiny image through the engine at start-up so the first real request does not pay for JIT.</summary>
public sealed partial class EngineWarmup(ILogger<EngineWarmup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() =>
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        ImagePipeline.WarmUp();
        logger.LogInformation("Image engine warmed up in {ElapsedMs:F0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }, stoppingToken);
}
