using System.Diagnostics;
using Azure.Identity;
using ImageFunctions.Hosting;
using ImageFunctions.Settings;
using ImageFunctions.Telemetry;
using ImageFunctions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImageFunctions.Tests.InProcess.Telemetry;

/// <summary>
/// The Functions worker's telemetry wiring: the very registration Program.cs makes (<c>AddImageFunctions</c> with
/// <see cref="HostKind.Functions"/>) gives tracer and meter providers that listen to the worker's invocation spans,
/// Durable's spans, the app's spans and meter, and export to OTLP and Application Insights exactly when their settings
/// are set (OTLP checked against a real HTTP receiver standing in for the collector).
/// </summary>
public sealed class WorkerTelemetryTests
{
    private const string WorkerSource = "Microsoft.Azure.Functions.Worker";

    [Fact]
    public void FunctionsWorker_ListensToWorkerDurableAndAppSourcesAndMeter()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var provider = BuildWorker(new Dictionary<string, string?>(), services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
            .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        var tracer = provider.GetRequiredService<TracerProvider>();
        var meter = provider.GetRequiredService<MeterProvider>();

        using (var invocation = new ActivitySource(WorkerSource).StartActivity("Invoke ProcessImage", ActivityKind.Server))
        using (new ActivitySource(TelemetrySetup.DurableTaskSource).StartActivity("activity:ProcessImage"))
        using (ImageTracing.Start(ImageTracing.Load))
        {
            Assert.NotNull(invocation);
        }

        provider.GetRequiredService<ImageMetrics>().ImageDone("succeeded");
        tracer.ForceFlush();
        meter.ForceFlush();

        var names = Snapshot(spans).Select(s => (s.Source.Name, s.DisplayName)).ToArray();
        Assert.Contains((WorkerSource, "Invoke ProcessImage"), names);
        Assert.Contains((TelemetrySetup.DurableTaskSource, "activity:ProcessImage"), names);
        Assert.Contains((ImageTracing.SourceName, ImageTracing.Load), names);
        Assert.True(JobTraceTests.Sum(metrics, ImageMetrics.ImagesName, ("outcome", "succeeded")) >= 1);
        var export = provider.GetRequiredService<TelemetryExport>();
        Assert.False(export.AzureMonitor);
        Assert.False(export.Otlp);
    }

    [Fact]
    public async Task FunctionsWorker_WithOtlpEndpoint_SendsTracesAndMetricsThere()
    {
        await using var collector = await WebhookReceiver.StartAsync();
        using var provider = BuildWorker(new Dictionary<string, string?>
        {
            [TelemetryExport.OtlpEndpointKey] = collector.Address,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        });
        var tracer = provider.GetRequiredService<TracerProvider>(); // built on first use, as the host's start builds them
        var meter = provider.GetRequiredService<MeterProvider>();

        using (ImageTracing.Start(ImageTracing.Save))
        {
        }

        provider.GetRequiredService<ImageMetrics>().ImageDone("succeeded");
        Assert.True(tracer.ForceFlush(10_000));
        Assert.True(meter.ForceFlush(10_000));

        var paths = collector.Requests.Where(r => r.Method == "POST").Select(r => r.Path).ToArray();
        Assert.Contains("/v1/traces", paths);
        Assert.Contains("/v1/metrics", paths);
        Assert.True(provider.GetRequiredService<TelemetryExport>().Otlp);
        Assert.Contains(Components(tracer), name => name.Contains("OtlpTraceExporter", StringComparison.Ordinal));
    }

    [Fact]
    public void FunctionsWorker_WithApplicationInsightsConnectionString_ExportsTracesAndMetricsToAzureMonitor()
    {
        using var provider = BuildWorker(new Dictionary<string, string?>
        {
            [TelemetryExport.ConnectionStringKey] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/",
        });

        // The exporters the providers were built with (read from their processor and reader chains).
        Assert.Contains(Components(provider.GetRequiredService<TracerProvider>()), name => name.Contains("AzureMonitorTraceExporter", StringComparison.Ordinal));
        Assert.Contains(Components(provider.GetRequiredService<MeterProvider>()), name => name.Contains("AzureMonitorMetricExporter", StringComparison.Ordinal));
        var export = provider.GetRequiredService<TelemetryExport>();
        Assert.True(export.AzureMonitor);
        Assert.Null(export.CreateCredential()); // the instrumentation key alone
    }

    [Fact]
    public void FunctionsWorker_WithoutSettings_ExportsNowhere()
    {
        using var provider = BuildWorker(new Dictionary<string, string?>());

        var components = Components(provider.GetRequiredService<TracerProvider>())
            .Concat(Components(provider.GetRequiredService<MeterProvider>())).ToArray();
        Assert.DoesNotContain(components, name => name.Contains("AzureMonitor", StringComparison.Ordinal));
        Assert.DoesNotContain(components, name => name.Contains("Otlp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Authorization=AAD", null)]
    [InlineData("Authorization=AAD;ClientId=3f2504e0-4f89-11d3-9a0c-0305e82c3301", "3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    public void AuthenticationString_Aad_UsesTheManagedIdentity(string authentication, string? clientId)
    {
        var export = TelemetryExport.From(Configuration(new Dictionary<string, string?>
        {
            [TelemetryExport.ConnectionStringKey] = "InstrumentationKey=00000000-0000-0000-0000-000000000001",
            [TelemetryExport.AuthenticationStringKey] = authentication,
        }));

        Assert.True(export.UseManagedIdentity);
        Assert.Equal(clientId, export.ManagedIdentityClientId);
        Assert.IsType<ManagedIdentityCredential>(export.CreateCredential());
    }

    [Theory]
    [InlineData(TelemetryExport.AuthenticationStringKey, "Authorization=Key")]
    [InlineData(TelemetryExport.AuthenticationStringKey, "Authorization=AAD;ClientId=not-a-guid")]
    [InlineData(TelemetryExport.OtlpEndpointKey, "collector:4317")]
    public void BadSetting_FailsAtStartWithTheSettingsName(string key, string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => BuildWorker(new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(key, ex.Message);
    }

    /// <summary>The worker's services as Program.cs registers them (storage is required under the Functions host).</summary>
    private static ServiceProvider BuildWorker(Dictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        settings["ImageFunctions:Storage:ConnectionString"] = "UseDevelopmentStorage=true";
        var configuration = Configuration(settings);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration); // as the worker's host registers it: the exporters read their OTEL_* settings from it
        services.AddImageFunctions(configuration, HostKind.Functions);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>The type names of <paramref name="root"/> and of the OpenTelemetry and Azure Monitor objects its fields reach.</summary>
    private static List<string> Components(object root)
    {
        var names = new List<string>();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        Walk(root, 0);
        return names;

        void Walk(object? value, int depth)
        {
            if (value is null or string || value.GetType().IsValueType || depth > 8 || !seen.Add(value))
            {
                return;
            }

            var type = value.GetType();
            names.Add(type.FullName ?? type.Name);
            if (type.Namespace is not { } ns || !(ns.StartsWith("OpenTelemetry", StringComparison.Ordinal) || ns.StartsWith("Azure.Monitor", StringComparison.Ordinal)))
            {
                return;
            }

            for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (var field in t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
                {
                    if (!field.FieldType.IsValueType)
                    {
                        Walk(field.GetValue(value), depth + 1);
                    }
                }
            }
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

    private static Activity[] Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }
}
