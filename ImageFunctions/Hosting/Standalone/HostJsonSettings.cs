using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The few host.json settings the standalone host honours, read the way the Functions host reads them:
/// from host.json next to the app, overridable with <c>AzureFunctionsJobHost__extensions__...</c> settings.
/// </summary>
public sealed record HostJsonSettings(
    string RoutePrefix,
    string HubName,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations)
{
    /// <summary>The Functions host's defaults when host.json says nothing.</summary>
    public static HostJsonSettings Default { get; } = new("api", "TestHubName", 10 * Environment.ProcessorCount, 10 * Environment.ProcessorCount);

    private const string OverridePrefix = "AzureFunctionsJobHost:extensions:";

    /// <summary>Reads <paramref name="hostJsonPath"/> (missing file: defaults) and applies configuration overrides.</summary>
    public static HostJsonSettings Load(string hostJsonPath, IConfiguration? configuration = null)
    {
        var settings = Default;
        if (File.Exists(hostJsonPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (TryGet(document.RootElement, "extensions", out var extensions))
            {
                if (TryGet(extensions, "http", out var http) && TryGet(http, "routePrefix", out var prefix) && prefix.ValueKind == JsonValueKind.String)
                {
                    settings = settings with { RoutePrefix = prefix.GetString() ?? "" };
                }

                if (TryGet(extensions, "durableTask", out var durable))
                {
                    if (TryGet(durable, "hubName", out var hub) && hub.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(hub.GetString()))
                    {
                        settings = settings with { HubName = hub.GetString()! };
                    }

                    if (TryGet(durable, "maxConcurrentActivityFunctions", out var activities) && activities.TryGetInt32(out var a) && a > 0)
                    {
                        settings = settings with { MaxConcurrentActivities = a };
                    }

                    if (TryGet(durable, "maxConcurrentOrchestratorFunctions", out var orchestrators) && orchestrators.TryGetInt32(out var o) && o > 0)
                    {
                        settings = settings with { MaxConcurrentOrchestrations = o };
                    }
                }
            }
        }

        if (configuration is not null)
        {
            if (configuration[OverridePrefix + "http:routePrefix"] is { } prefixOverride)
            {
                settings = settings with { RoutePrefix = prefixOverride };
            }

            if (configuration[OverridePrefix + "durableTask:hubName"] is { Length: > 0 } hubOverride)
            {
                settings = settings with { HubName = hubOverride };
            }
        }

        return settings with { RoutePrefix = settings.RoutePrefix.Trim('/') };
    }

    /// <summary>host.json next to <paramref name="appAssemblyPath"/>, else in <paramref name="contentRoot"/>.</summary>
    public static string Locate(string appAssemblyPath, string contentRoot)
    {
        var besideApp = Path.Combine(Path.GetDirectoryName(appAssemblyPath) ?? AppContext.BaseDirectory, "host.json");
        return File.Exists(besideApp) ? besideApp : Path.Combine(contentRoot, "host.json");
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}
