using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;

namespace ImageFunctions.Api.OpenApi;

/// <summary>
/// Turns the contract records into OpenAPI schemas by reflection, with the names System.Text.Json writes
/// (<see cref="JsonPropertyNameAttribute"/>, else the web default camelCase). Classes become components
/// under their type name and are referenced; nullable reference types become nullable schemas.
/// </summary>
public sealed class ContractSchemaGenerator(OpenApiDocument document)
{
    private readonly OpenApiDocument _document = document;
    private readonly NullabilityInfoContext _nullability = new();

    /// <summary>A reference to the component schema of <paramref name="type"/>, generating it (and what it uses) once.</summary>
    public IOpenApiSchema Reference(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var name = type.Name;
        _document.Components ??= new OpenApiComponents();
        _document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        if (!_document.Components.Schemas.ContainsKey(name))
        {
            var schema = new OpenApiSchema { Type = JsonSchemaType.Object, Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) };
            _document.Components.Schemas[name] = schema; // registered first, so a type that refers to itself ends.
            Fill(schema, type);
        }

        return new OpenApiSchemaReference(name, _document);
    }

    /// <summary>The schema of a value of <paramref name="type"/>: inline for scalars and collections, a reference for classes.</summary>
    public IOpenApiSchema For(Type type) => For(type, nullable: false, elementNullability: null);

    private void Fill(OpenApiSchema schema, Type type)
    {
        var required = new HashSet<string>(StringComparer.Ordinal);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetIndexParameters().Length == 0)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .OrderBy(p => p.GetCustomAttribute<JsonPropertyOrderAttribute>()?.Order ?? 0);
        foreach (var property in properties)
        {
            if (property.GetCustomAttribute<JsonExtensionDataAttribute>() is not null)
            {
                schema.AdditionalPropertiesAllowed = true;
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var info = _nullability.Create(property);
            var nullable = info.ReadState == NullabilityState.Nullable;
            schema.Properties![name] = For(property.PropertyType, nullable, info);
            if (!nullable)
            {
                required.Add(name);
            }
        }

        if (required.Count > 0)
        {
            schema.Required = required;
        }
    }

    private IOpenApiSchema For(Type type, bool nullable, NullabilityInfo? elementNullability)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return For(underlying, nullable: true, elementNullability: null);
        }

        var nullFlag = nullable ? JsonSchemaType.Null : 0;
        if (Scalar(type) is { } scalar)
        {
            scalar.Type |= nullFlag;
            return scalar;
        }

        if (type.IsEnum)
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.String | nullFlag,
                Enum = Enum.GetNames(type).Select(n => (System.Text.Json.Nodes.JsonNode)JsonNamingPolicy.CamelCase.ConvertName(n)).ToList(),
            };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Object | nullFlag,
                AdditionalProperties = For(valueType, IsNullable(elementNullability, 1), null),
            };
        }

        if (ElementType(type) is { } elementType)
        {
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Array | nullFlag,
                Items = For(elementType, IsNullable(elementNullability, 0), null),
            };
        }

        if (type == typeof(object))
        {
            return new OpenApiSchema();
        }

        // A nullable reference to a component: OpenAPI 3.0 cannot put "nullable" beside "$ref", so the reference stays as is.
        return Reference(type);
    }

    private static OpenApiSchema? Scalar(Type type) => type switch
    {
        _ when type == typeof(string) => new OpenApiSchema { Type = JsonSchemaType.String },
        _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
        _ when type == typeof(int) || type == typeof(short) || type == typeof(byte) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        _ when type == typeof(long) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
        _ when type == typeof(double) || type == typeof(decimal) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
        _ when type == typeof(float) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "float" },
        _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
        _ when type == typeof(Guid) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        _ when type == typeof(Uri) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
        _ when type == typeof(TimeSpan) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "duration" },
        _ => null,
    };

    private static Type? DictionaryValueType(Type type) =>
        SelfAndInterfaces(type)
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            .Select(i => i.GetGenericArguments())
            .Where(args => args[0] == typeof(string))
            .Select(args => args[1])
            .FirstOrDefault();

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return null;
        }

        return type.IsArray
            ? type.GetElementType()
            : SelfAndInterfaces(type)
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(i => i.GetGenericArguments()[0])
                .FirstOrDefault() ?? typeof(object);
    }

    private static IEnumerable<Type> SelfAndInterfaces(Type type) => type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces();

    private static bool IsNullable(NullabilityInfo? info, int argument) =>
        info is not null
        && (info.ElementType is not null && argument == 0
            ? info.ElementType.ReadState == NullabilityState.Nullable
            : info.GenericTypeArguments.Length > argument && info.GenericTypeArguments[argument].ReadState == NullabilityState.Nullable);
}
