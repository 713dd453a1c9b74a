using ImageFunctions.Tests.Unit.Standalone;
using System.Text.Json;
using ImageFunctions.Api.OpenApi;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ImageFunctions.Tests.Unit.OpenApi;

/// <summary>The served document, and the HTTP routes as seen independently of the code under test: "METHOD /path".</summary>
internal static class OpenApiTestData
{
    private static readonly Lazy<string> LazyJson = new(() => OpenApiDocumentFactory.ToJson(OpenApiDocumentFactory.Create()));
    private static readonly Lazy<ReadResult> LazyParsed = new(() => OpenApiDocument.Parse(LazyJson.Value, "json"));

    /// <summary>The served document, as JSON text.</summary>
    public static string Json => LazyJson.Value;

    /// <summary>The served document read back by Microsoft.OpenApi's reader.</summary>
    public static ReadResult Parsed => LazyParsed.Value;

    /// <summary>"GET /status-job/{jobId}" style keys of every operation in the parsed document, with its operationId.</summary>
    public static Dictionary<string, string?> DocumentedOperations() =>
        Parsed.Document!.Paths
            .SelectMany(path => path.Value.Operations!.Select(op => (Key: $"{op.Key.Method.ToUpperInvariant()} {path.Key}", op.Value.OperationId)))
            .ToDictionary(x => x.Key, x => x.OperationId);

    /// <summary>The same keys from the httpTrigger bindings of the build's <c>functions.metadata</c>, with the function name.</summary>
    public static Dictionary<string, string> MetadataOperations()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(FunctionsMetadata.Locate()));
        var result = new Dictionary<string, string>();
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger")
                {
                    continue;
                }

                foreach (var verb in binding.GetProperty("methods").EnumerateArray())
                {
                    result.Add($"{verb.GetString()!.ToUpperInvariant()} {ToPath(binding.GetProperty("route").GetString()!)}", function.GetProperty("name").GetString()!);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// Route template to OpenAPI path: "/" + route, constraints, defaults and catch-all markers dropped; an optional
    /// parameter that only the empty string satisfies (<c>{page:maxlength(0)?}</c>) is dropped with its slash.
    /// </summary>
    public static string ToPath(string route)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(route.Trim('/'), @"/?\{[A-Za-z0-9_]+:maxlength\(0\)\?\}", "");
        return "/" + System.Text.RegularExpressions.Regex.Replace(path, @"\{\**([A-Za-z0-9_]+)[^}]*\}", "{$1}");
    }
}
