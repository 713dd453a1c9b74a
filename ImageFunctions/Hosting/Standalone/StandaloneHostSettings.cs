using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>How <see cref="StandaloneHost.CreateAsync(string[], StandaloneHostSettings, CancellationToken)"/> starts the app.</summary>
public sealed class StandaloneHostSettings
{
    /// <summary>Extra configuration, applied last (wins over appsettings, environment and command line).</summary>
    public Action<IConfigurationBuilder>? ConfigureConfiguration { get; init; }

    /// <summary>Runs after the app's services are registered: replaces or decorates them (tests inject faults here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Writes the start-up banner (URLs, backends) here; null: nowhere.</summary>
    public TextWriter? BannerWriter { get; init; }
}
