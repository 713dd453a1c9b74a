using Azure.Monitor.OpenTelemetry.Exporter;
using ImageFunctions.Settings;
using ImageFunctions.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImageFunctions.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: the app's spans (<see cref="ImageTracing"/>) and metrics (<see cref="ImageMetrics"/>), Durable's
/// distributed tracing (<see cref="DurableTaskSource"/>: schedule, orchestration, activity spans carried across the sidecar
/// or the Functions host in the trace context), and the host's own spans: the Functions worker's invocations
/// (<c>UseFunctionsWorkerDefaults</c>) or, in the standalone host, the incoming HTTP requests. Exporters per
/// <see cref="TelemetryExport"/>.
/// </summary>
public static class TelemetrySetup
{
    /// <summary>The activity source of the Durable Task SDK's client and worker (Microsoft.DurableTask 1.x).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> does not set one.</summary>
    public const string ServiceName = "ImageFunctions";

    /// <summary>Registers the tracer and meter providers and the exporters the configuration selects.</summary>
    public static IServiceCollection AddImageFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration, HostKind host)
    {
        var export = TelemetryExport.From(configuration);
        services.AddSingleton(export);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ImageTracing.SourceName, DurableTaskSource);
                if (host == HostKind.Standalone)
                {
                    // The POST that uploads a job roots its trace; the worker's gRPC calls to the in-process sidecar do not.
                    tracing.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !IsGrpc(context.Request));
                }
            })
            .WithMetrics(metrics => metrics.AddMeter(ImageMetrics.MeterName));
        if (host == HostKind.Functions)
        {
            // The invocation spans, parented on the trace context the Functions host passes with each invocation.
            telemetry.UseFunctionsWorkerDefaults();
        }

        if (export.AzureMonitor)
        {
            // Per signal, with no sampler of its own: every job's trace is kept whole (the SDK's default, always on).
            var credential = export.CreateCredential();
            void Configure(AzureMonitorExporterOptions azureMonitor) => azureMonitor.ConnectionString = export.AzureMonitorConnectionString;
            telemetry
                .WithTracing(tracing => tracing.AddAzureMonitorTraceExporter(Configure, credential))
                .WithMetrics(metrics => metrics.AddAzureMonitorMetricExporter(Configure, credential))
                .WithLogging(logging => logging.AddAzureMonitorLogExporter(Configure, credential));
        }

        if (export.Otlp)
        {
            telemetry.UseOtlpExporter(); // endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* settings
        }

        return services;
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
}
