using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// Settings of the standalone host only (section <c>Standalone</c>, e.g. env <c>Standalone__ShutdownGraceSeconds</c>).
/// The app's own settings stay in <see cref="ImageFunctionsOptions"/>.
/// </summary>
public sealed class StandaloneOptions
{
    public const string SectionName = "Standalone";

    /// <summary>Default address when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public string DefaultUrl { get; set; } = "http://127.0.0.1:8000";

    /// <summary>On Ctrl+C, how long running activities may take to finish before they are abandoned (and retried on the next start).</summary>
    public int ShutdownGraceSeconds { get; set; } = 30;

    /// <summary>
    /// Azure Storage backend: how long a dequeued activity stays invisible to other workers. An activity abandoned by a killed
    /// process runs again after this, so it trades restart latency against the longest activity (the sidecar does not renew it).
    /// </summary>
    public int ActivityVisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>Azure Storage backend: the same for orchestration (control queue) messages.</summary>
    public int OrchestrationVisibilityTimeoutSeconds { get; set; } = 60;

    /// <summary>Azure Storage backend: the longest pause between polls of an idle queue (the Functions default of 30 s feels slow locally).</summary>
    public double MaxQueuePollingIntervalSeconds { get; set; } = 1;

    /// <summary>Reads the section from <paramref name="configuration"/>.</summary>
    public static StandaloneOptions From(IConfiguration configuration)
    {
        var options = new StandaloneOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }
}
