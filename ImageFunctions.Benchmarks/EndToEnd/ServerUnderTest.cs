using System.Globalization;

using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>
/// The host being measured and whatever the harness started for it (Azurite, Redis); disposing stops them all,
/// host first. With <c>--url</c> nothing is started and <see cref="Host"/> is null.
/// </summary>
internal sealed class ServerUnderTest : IDisposable
{
    private readonly List<ServiceProcess> _services;

    private ServerUnderTest(Uri address, ServiceProcess? host, List<ServiceProcess> services, string description)
    {
        Address = address;
        Host = host;
        _services = services;
        Description = description;
    }

    /// <summary>Base address of the host.</summary>
    public Uri Address { get; }

    /// <summary>The host process the harness started; null with <c>--url</c>.</summary>
    public ServiceProcess? Host { get; }

    /// <summary>What runs where, for the console.</summary>
    public string Description { get; }

    /// <summary>An already-running host (<c>--url</c>).</summary>
    public static ServerUnderTest External(Uri address) => new(address, null, [], $"external host {address}");

    /// <summary>Starts the backend services of <paramref name="options"/>, then the host, using folders under <paramref name="workFolder"/>.</summary>
    public static async Task<ServerUnderTest> StartAsync(E2eOptions options, RepositoryPaths paths, string workFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var services = new List<ServiceProcess>();
        try
        {
            var environment = new Dictionary<string, string?>
            {
                ["ImageFunctions__Limits__MaxFiles"] = Math.Max(100, options.Images).ToString(CultureInfo.InvariantCulture),
                ["ImageFunctions__Storage__LocalRoot"] = Directory.CreateDirectory(Path.Combine(workFolder, "store")).FullName,
                ["ImageFunctions__Storage__ConnectionString"] = null,
                ["AzureWebJobsStorage"] = null,
                ["ImageFunctions__Redis__ConnectionString"] = null,
                // The harness measures throughput: its runs submit far more than a client's default budget.
                ["ImageFunctions__RateLimit__Enabled"] = "false",
            };
            if (options.Backend == E2eBackend.Azure)
            {
                var azuriteFolder = Directory.CreateDirectory(Path.Combine(workFolder, "azurite")).FullName;
                var (azurite, storage) = await ServiceLaunchers.StartAzuriteAsync(paths, azuriteFolder, cancellationToken);
                services.Add(azurite);
                var redisFolder = Directory.CreateDirectory(Path.Combine(workFolder, "redis")).FullName;
                var (redis, redisConnection) = await ServiceLaunchers.StartRedisAsync(redisFolder, cancellationToken);
                services.Add(redis);
                environment["AzureWebJobsStorage"] = storage;
                environment["ImageFunctions__Redis__ConnectionString"] = redisConnection;
            }

            var (host, address) = await HostLauncher.StartAsync(paths, environment, cancellationToken);
            var description = string.Create(
                CultureInfo.InvariantCulture,
                $"host pid {host.Id} on {address} ({HostLauncher.DescribeBackends(host)}), {paths.HostDll} built {File.GetLastWriteTime(paths.HostDll):yyyy-MM-dd HH:mm}");
            return new ServerUnderTest(address, host, services, description);
        }
        catch
        {
            StopAll(services);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Host?.Dispose();
        StopAll(_services);
    }

    private static void StopAll(List<ServiceProcess> services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            services[i].Dispose();
        }

        services.Clear();
    }
}
