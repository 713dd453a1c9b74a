using System.Text.Json.Nodes;
using ImageFunctions.Imaging;
using ImageFunctions.Jobs.Notifications;
using Microsoft.OpenApi;

namespace ImageFunctions.Api.OpenApi;

/// <summary>A non-empty filter chain; the description lists every filter of <see cref="FilterCatalog"/> with its parameters.</summary>
public sealed class FilterChainParameter : IOpenApiParameterSource
{
    public void Complete(OpenApiParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 };
        parameter.Description += "\n\n" + string.Join('\n', FilterCatalog.All.Select(filter =>
        {
            var parameters = filter.Parameters.Count == 0
                ? ""
                : " (" + string.Join("; ", filter.Parameters.Select(p =>
                    FormattableString.Invariant($"`{p.Name}` {p.Type} {p.Minimum}..{p.Maximum}, default {p.Default}: {p.Description}"))) + ")";
            return $"- `{filter.Name}`: {filter.Description}{parameters}";
        }));
    }
}

/// <summary>One of the <see cref="OutputFormat"/> names in lower case, <c>original</c> by default.</summary>
public sealed class OutputFormatParameter : IOpenApiParameterSource
{
    public void Complete(OpenApiParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Enum = [.. Enum.GetNames<OutputFormat>().Select(n => (JsonNode)n.ToLowerInvariant())],
            Default = nameof(OutputFormat.Original).ToLowerInvariant(),
        };
    }
}

/// <summary>An integer from <see cref="OutputOptions.MinQuality"/> to <see cref="OutputOptions.MaxQuality"/>, <see cref="OutputOptions.DefaultQuality"/> by default.</summary>
public sealed class QualityParameter : IOpenApiParameterSource
{
    public void Complete(OpenApiParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = OutputOptions.MinQuality.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Maximum = OutputOptions.MaxQuality.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Default = OutputOptions.DefaultQuality,
        };
    }
}

/// <summary>An absolute URL of at most <see cref="NotifyUrlPolicy.MaxLength"/> characters.</summary>
public sealed class NotifyUrlParameter : IOpenApiParameterSource
{
    public void Complete(OpenApiParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = NotifyUrlPolicy.MaxLength };
    }
}
