using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace ImageFunctions.Api.OpenApi;

/// <summary>
/// The schemas of the bodies the functions write: exported by System.Text.Json's <see cref="JsonSchemaExporter"/> with the
/// options the app writes them with (ASP.NET Core's <see cref="JsonOptions"/>: web defaults, so <c>[JsonPropertyName]</c>
/// or camelCase), then read by Microsoft.OpenApi as OpenAPI 3.1 schemas, whose <c>null</c> type the 3.0 writer turns into
/// <c>nullable: true</c>. Every JSON object type becomes a component named after its type, referenced with <c>$ref</c>.
/// </summary>
internal sealed class ContractSchemas(OpenApiDocument document)
{
    /// <summary>The app's options, but numbers are numbers: the web defaults also read them from strings, never write them so.</summary>
    private static readonly JsonSerializerOptions Options = new(new JsonOptions().SerializerOptions) { NumberHandling = JsonNumberHandling.Strict };

    private readonly IDictionary<string, IOpenApiSchema> _components = document.Components!.Schemas!;

    /// <summary>The schema of a body of <paramref name="type"/>: a reference when it is an object, inline otherwise.</summary>
    public IOpenApiSchema For(Type type) => Options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object ? Reference(type) : Read(Export(type));

    private OpenApiSchemaReference Reference(Type type)
    {
        Component(type);
        return new OpenApiSchemaReference(type.Name, document);
    }

    /// <summary>The component of object type <paramref name="type"/>, exported once with the components it refers to.</summary>
    public OpenApiSchema Component(Type type)
    {
        if (_components.TryGetValue(type.Name, out var existing))
        {
            return (OpenApiSchema)existing;
        }

        _components[type.Name] = new OpenApiSchema(); // registered first, so a type that refers to itself ends
        var schema = Read(Export(type));

        // The app writes every property, null or not; "required" keeps to those that always hold a value.
        schema.Required?.ExceptWith(schema.Properties!.Where(p => p.Value.Type?.HasFlag(JsonSchemaType.Null) == true).Select(p => p.Key));
        _components[type.Name] = schema;
        return schema;
    }

    private JsonNode Export(Type type) => Options.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = (context, schema) =>
        {
            var valueType = Nullable.GetUnderlyingType(context.TypeInfo.Type) ?? context.TypeInfo.Type;
            if (context.TypeInfo.Kind == JsonTypeInfoKind.Object && !context.Path.IsEmpty)
            {
                // OpenAPI 3.0 allows nothing beside "$ref", so a nullable reference to a component cannot say so.
                Component(valueType);
                return new JsonObject { ["$ref"] = "#/components/schemas/" + valueType.Name };
            }

            if (schema is JsonObject node && NumberFormat(valueType) is { } format)
            {
                node["format"] = format;
            }

            return schema;
        },
    });

    private OpenApiSchema Read(JsonNode schema) =>
        OpenApiModelFactory.Parse<OpenApiSchema>(schema.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json") is { } read
        && diagnostic.Errors.Count == 0
            ? read
            : throw new InvalidOperationException($"Microsoft.OpenApi cannot read the exported schema {schema.ToJsonString()}: {string.Join("; ", diagnostic.Errors)}");

    /// <summary>The OpenAPI format the exporter leaves out for CLR numbers.</summary>
    private static string? NumberFormat(Type type) => type switch
    {
        _ when type == typeof(int) => "int32",
        _ when type == typeof(long) => "int64",
        _ when type == typeof(float) => "float",
        _ when type == typeof(double) => "double",
        _ => null,
    };
}
