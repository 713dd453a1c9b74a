using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.InProcess.Standalone;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>The real app in the standalone host's embedded mode (in-memory Durable, file-system store, in-process progress) on loopback.</summary>
public sealed class EmbeddedHostFixture : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagefunctions-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private StandaloneApp? _app;

    public StandaloneApp App => _app ?? throw new InvalidOperationException("Not started.");

    public JobApi Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _app = await StandaloneHost.CreateAsync(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = "",
            ["AzureWebJobsStorage"] = "",
            ["ImageFunctions:Redis:ConnectionString"] = "",
            ["ImageFunctions:Storage:LocalRoot"] = _root,
            ["ImageFunctions:Limits:MaxFiles"] = EndToEndScenarios.LargeJobImages.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Api = JobApi.For(App.Address);
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
