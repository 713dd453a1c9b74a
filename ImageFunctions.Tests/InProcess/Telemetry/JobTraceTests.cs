using System.Diagnostics;
using ImageFunctions.Hosting;
using ImageFunctions.Telemetry;
using ImageFunctions.Tests.Infrastructure;
using ImageFunctions.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ImageFunctions.Tests.InProcess.Telemetry;

/// <summary>
/// One job, one trace, in the standalone host: the POST, the upload, Durable's schedule, orchestration and activity spans
/// (carried through the in-process sidecar) and the app's stage spans, all under one trace id with unbroken parent links;
/// and the meter counts the job's images. Real HTTP, Azurite, Redis and Durable engine; OpenTelemetry's in-memory exporter.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class JobTraceTests(AzuriteFixture azurite, RedisFixture redis)
{
    private const string Chain = "grayscale,blur";

    [Fact]
    public async Task JobOfThreeImages_IsOneTraceFromThePostToEveryStage_AndCountsThreeImages()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        await using var host = await AppHost.StartAsync(azurite, redis, configureServices: services => services
            .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))
            .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(metrics)));
        var request = new MultipartRequest()
            .File("a.png", TestImages.Png(40, 30, seed: 1), contentType: "image/png")
            .File("b.png", TestImages.Png(41, 30, seed: 2), contentType: "image/png")
            .File("c.png", TestImages.Png(42, 30, seed: 3), contentType: "image/png");

        var jobId = await host.Api.SubmitJobAsync(request, "?filter=" + Uri.EscapeDataString(Chain));
        var instance = await host.WaitForJobAsync(jobId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        host.Get<TracerProvider>().ForceFlush();
        host.Get<MeterProvider>().ForceFlush();

        Activity[] exported;
        lock (spans)
        {
            exported = [.. spans];
        }

        var post = Assert.Single(exported, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore"
            && (string?)s.GetTagItem("http.request.method") == "POST" && (string?)s.GetTagItem("url.path") == "/process-job");
        var trace = exported.Where(s => s.TraceId == post.TraceId).ToArray();
        var byId = trace.ToDictionary(s => s.SpanId);
        string Describe() => string.Join("\n", trace.Select(s => $"{s.SpanId} <- {s.ParentSpanId} {s.Source.Name} {s.DisplayName}"));

        // Every span of the trace leads back to the POST through spans of the same trace.
        foreach (var span in trace.Where(s => s != post))
        {
            var ancestor = span;
            while (ancestor != post)
            {
                Assert.True(byId.TryGetValue(ancestor.ParentSpanId, out ancestor!), $"{span.DisplayName}: broken parent link\n{Describe()}");
            }
        }

        var upload = Assert.Single(trace, s => s.DisplayName == ImageTracing.Upload);
        Assert.Equal(post.SpanId, upload.ParentSpanId);
        Assert.Equal(jobId, upload.GetTagItem(ImageTracing.JobIdTag));
        var schedule = Assert.Single(trace, s => s.DisplayName == "create_orchestration:ProcessJob");
        Assert.Equal(post.SpanId, schedule.ParentSpanId);
        var orchestration = Assert.Single(trace, s => s.DisplayName == "orchestration:ProcessJob" && s.Kind == ActivityKind.Server);
        Assert.Equal(schedule.SpanId, orchestration.ParentSpanId);

        var activities = trace.Where(s => s.DisplayName == "activity:ProcessImage" && s.Kind == ActivityKind.Server).ToArray();
        Assert.Equal(3, activities.Length);
        Assert.All(activities, activity => Assert.Contains(orchestration, Ancestors(activity, byId)));
        foreach (var stage in new[] { ImageTracing.Load, ImageTracing.Cache, ImageTracing.Decode, ImageTracing.Encode, ImageTracing.Save })
        {
            var stages = trace.Where(s => s.DisplayName == stage).ToArray();
            Assert.True(stages.Length == 3, $"{stage}: {stages.Length}\n{Describe()}");
            Assert.All(stages, s => Assert.Contains(byId[s.ParentSpanId], activities));
        }

        var filters = trace.Where(s => s.DisplayName == ImageTracing.Filter).ToArray();
        Assert.Equal(["blur", "blur", "blur", "grayscale", "grayscale", "grayscale"], filters.Select(f => (string)f.GetTagItem(ImageTracing.FilterTag)!).Order());
        Assert.All(filters, s => Assert.Contains(byId[s.ParentSpanId], activities));

        Assert.Equal(3, Sum(metrics, ImageMetrics.ImagesName, ("outcome", "succeeded")));
        Assert.True(Sum(metrics, ImageMetrics.BytesInName) > 0);
        Assert.True(Sum(metrics, ImageMetrics.BytesOutName) > 0);
        Assert.Equal(0, Sum(metrics, ImageMetrics.JobsInFlightName)); // started and finished
        Assert.Contains(metrics, m => m.Name == ImageMetrics.StageDurationName);
    }

    private static IEnumerable<Activity> Ancestors(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> byId)
    {
        while (byId.TryGetValue(span.ParentSpanId, out var parent))
        {
            yield return span = parent;
        }
    }

    /// <summary>The latest cumulative value of a counter of this host's meter provider, over the points with <paramref name="tag"/>.</summary>
    internal static long Sum(List<Metric> metrics, string name, (string Key, string Value)? tag = null)
    {
        Metric[] exported;
        lock (metrics)
        {
            exported = [.. metrics.Where(m => m.Name == name)];
        }

        if (exported.Length == 0)
        {
            return -1;
        }

        long total = 0;
        foreach (ref readonly var point in exported[^1].GetMetricPoints())
        {
            var matches = tag is null;
            foreach (var pair in point.Tags)
            {
                matches |= tag is { } t && pair.Key == t.Key && (string?)pair.Value == t.Value;
            }

            if (matches)
            {
                total += point.GetSumLong();
            }
        }

        return total;
    }
}
