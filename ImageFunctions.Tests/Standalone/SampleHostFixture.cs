using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Standalone.Samples;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Standalone;

/// <summary>A standalone host on a free loopback port serving only the sample functions of this test project.</summary>
public sealed class SampleHostFixture : IAsyncLifetime
{
    private StandaloneApp? _app;

    public StandaloneApp App => _app ?? throw new InvalidOperationException("Not started.");

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _app = await StandaloneHost.CreateAsync([], new StandaloneHostSettings
        {
            FunctionsAssembly = typeof(SampleHttpFunctions).Assembly,
            TypeFilter = t => t.Namespace == typeof(SampleHttpFunctions).Namespace,
            ConfigureConfiguration = c => c.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["AzureFunctionsJobHost:extensions:http:routePrefix"] = "api",
                ["ImageFunctions:Storage:ConnectionString"] = "",
                ["AzureWebJobsStorage"] = "",
            }),
            ConfigureServices = (services, _) => services.AddSingleton<Greeter>(),
        });
        Client.BaseAddress = new Uri(App.Address);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
