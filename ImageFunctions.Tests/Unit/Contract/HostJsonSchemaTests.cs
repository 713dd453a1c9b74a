using System.Text.Json;
using System.Text.Json.Nodes;
using ImageFunctions.Tests.Infrastructure;
using Json.Schema;

namespace ImageFunctions.Tests.Unit.Contract;

/// <summary>
/// host.json against the host.json JSON schema that editors and the Functions tooling use (SchemaStore's
/// <c>src/schemas/json/host.json</c>, vendored in <c>Schemas/</c> with its Apache-2.0 licence; see <c>Schemas/README.md</c>).
/// A misspelt Durable setting is silently ignored by the host; the schema's closed objects catch it here.
/// </summary>
public sealed class HostJsonSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(RepositoryRoot.Combine("ImageFunctions.Tests", "Unit", "Contract", "Schemas", "host.schema.json"))));

    public static TheoryData<string> HostJsonFiles => new()
    {
        RepositoryRoot.Combine("ImageFunctions", "host.json"),
        Path.Combine(Path.GetDirectoryName(typeof(ImageFunctions.Api.SubmitJobFunction).Assembly.Location)!, "host.json"),
    };

    [Theory]
    [MemberData(nameof(HostJsonFiles))]
    public void HostJson_IsValidAgainstTheSchema(string path)
    {
        var errors = Validate(JsonNode.Parse(File.ReadAllText(path))!);

        Assert.True(errors.Count == 0, $"{path}:\n" + string.Join("\n", errors));
    }

    [Theory]
    [InlineData("maxQueuePollInterval", "\"00:00:01\"")] // a typo of maxQueuePollingInterval
    [InlineData("partitionCount", "\"four\"")]
    public void Schema_RefusesAMisspeltOrMistypedDurableSetting(string name, string json)
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("ImageFunctions", "host.json")))!;
        hostJson["extensions"]!["durableTask"]!["storageProvider"]![name] = JsonNode.Parse(json);

        Assert.NotEmpty(Validate(hostJson));
    }

    private static List<string> Validate(JsonNode document)
    {
        var result = Schema.Value.Evaluate(JsonSerializer.SerializeToElement(document), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
                .Distinct()
                .ToList();
    }
}
