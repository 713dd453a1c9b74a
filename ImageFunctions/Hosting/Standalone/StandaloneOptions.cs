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

    /// <summary>Reads the section from <paramref name="configuration"/>.</summary>
    public static StandaloneOptions From(IConfiguration configuration)
    {
        var options = new StandaloneOptions();
        configuration.GetSection(SectionName).Bind(options);
        return options;
    }
}
