using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>What <see cref="StandaloneHost.CreateAsync(string[], StandaloneHostSettings, CancellationToken)"/> hosts and how.</summary>
public sealed class StandaloneHostSettings
{
    /// <summary>The assembly whose <c>[Function]</c> methods are hosted (default: the app).</summary>
    public Assembly FunctionsAssembly { get; init; } = typeof(StandaloneHost).Assembly;

    /// <summary>Only the types this accepts are scanned for functions (default: every type of <see cref="FunctionsAssembly"/>).</summary>
    public Func<Type, bool>? TypeFilter { get; init; }

    /// <summary>Extra configuration, applied last (wins over appsettings, environment and command line).</summary>
    public Action<IConfigurationBuilder>? ConfigureConfiguration { get; init; }

    /// <summary>The app's services (default: <see cref="ServiceCollectionExtensions.AddImageFunctions"/>).</summary>
    public Action<IServiceCollection, IConfiguration> ConfigureServices { get; init; } = (services, configuration) => services.AddImageFunctions(configuration);

    /// <summary>Writes the start-up banner (URLs, backends) here; null: nowhere.</summary>
    public TextWriter? BannerWriter { get; init; }
}
