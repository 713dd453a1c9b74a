using System.Reflection;
using System.Text.Json;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ImageFunctions.Tests.OpenApi;

/// <summary>An HTTP route as seen independently of the code under test: "METHOD /path".</summary>
internal static class OpenApiTestData
{
    private static readonly Lazy<string> _json = new(() => OpenApiDocumentFactory.ToJson(OpenApiDocumentFactory.Create()));
    private static readonly Lazy<ReadResult> _parsed = new(() => OpenApiDocument.Parse(_json.Value, "json"));

    public static Assembly AppAssembly => typeof(OpenApiFunction).Assembly;

    /// <summary>The served document, as JSON text.</summary>
    public static string Json => _json.Value;

    /// <summary>The served document read back by Microsoft.OpenApi's reader.</summary>
    public static ReadResult Parsed => _parsed.Value;

    /// <summary>"GET /status-job/{jobId}" style keys of every operation in the parsed document, with its operationId.</summary>
    public static Dictionary<string, string?> DocumentedOperations() =>
        Parsed.Document!.Paths
            .SelectMany(path => path.Value.Operations!.Select(op => (Key: $"{op.Key.Method.ToUpperInvariant()} {path.Key}", op.Value.OperationId)))
            .ToDictionary(x => x.Key, x => x.OperationId);

    /// <summary>The same keys from the <c>[Function]</c>/<c>[HttpTrigger]</c> attributes, with the function name.</summary>
    public static Dictionary<string, string> ReflectedOperations()
    {
        var result = new Dictionary<string, string>();
        var methods = AppAssembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));
        foreach (var method in methods)
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);
            if (function is not null && trigger is not null)
            {
                foreach (var verb in trigger.Methods!)
                {
                    result.Add($"{verb.ToUpperInvariant()} {ToPath(trigger.Route!)}", function.Name);
                }
            }
        }

        return result;
    }

    /// <summary>The same keys from the build's <c>functions.metadata</c> next to the app's dll.</summary>
    public static Dictionary<string, string> MetadataOperations()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(FunctionsMetadataPath()));
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

    /// <summary>ImageFunctions/bin/{configuration}/{framework}/functions.metadata, for the configuration the tests were built in.</summary>
    public static string FunctionsMetadataPath()
    {
        // The test output is ImageFunctions.Tests/bin/{configuration}/{framework}/; the app's is the same under ImageFunctions/.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var path = RepositoryRoot.Combine("ImageFunctions", "bin", configuration, framework, "functions.metadata");
        Assert.True(File.Exists(path), $"The build's functions.metadata is missing at {path}; build ImageFunctions first.");
        return path;
    }

    /// <summary>Route template to OpenAPI path: "/" + route, constraints, defaults and catch-all markers dropped.</summary>
    public static string ToPath(string route) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(route.Trim('/'), @"\{\**([A-Za-z0-9_]+)[^}]*\}", "{$1}");
}
