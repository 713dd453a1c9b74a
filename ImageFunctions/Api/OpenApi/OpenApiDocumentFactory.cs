using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace ImageFunctions.Api.OpenApi;

/// <summary>
/// Builds the OpenAPI 3 document of the app from the same definitions the functions use: paths, methods and path
/// parameters from the <c>[Function]</c>/<c>[HttpTrigger]</c> attributes, bodies from the Api/Contracts records,
/// filter and format values from the image engine's catalog; texts from <see cref="OperationCatalog"/>.
/// </summary>
public static class OpenApiDocumentFactory
{
    /// <summary>The version written: OpenAPI 3.0, which every client and Swagger UI read.</summary>
    public const OpenApiSpecVersion SpecVersion = OpenApiSpecVersion.OpenApi3_0;

    /// <summary>Name of the component schema of error responses.</summary>
    public const string ProblemSchemaName = "ProblemDetails";

    /// <summary>The document of this app's assembly.</summary>
    public static OpenApiDocument Create() => Create(typeof(OpenApiDocumentFactory).Assembly);

    /// <summary>The document of the HTTP functions of <paramref name="assembly"/>.</summary>
    public static OpenApiDocument Create(Assembly assembly)
    {
        var document = new OpenApiDocument
        {
            Info = new OpenApiInfo
            {
                Title = "ImageFunctions API",
                Version = "1.0",
                Description = "Upload images, apply a filter chain to each in the background, poll the job, download the results. "
                    + "Errors are `application/problem+json` (RFC 9457).",
            },
            Paths = [],
            Components = new OpenApiComponents { Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal) },
            Tags = new HashSet<OpenApiTag>
            {
                new() { Name = OperationCatalog.JobsTag, Description = "Image processing jobs." },
                new() { Name = OperationCatalog.ServiceTag, Description = "Filters and health." },
                new() { Name = OperationCatalog.DocsTag, Description = "This description and its viewer." },
            },
        };
        var schemas = new ContractSchemas(document);
        AddProblemSchema(schemas);

        foreach (var route in HttpRouteReflector.FromAssembly(assembly))
        {
            if (!document.Paths.TryGetValue(route.OpenApiPath, out var existing) || existing is not OpenApiPathItem pathItem)
            {
                pathItem = new OpenApiPathItem { Operations = [] };
                document.Paths[route.OpenApiPath] = pathItem;
            }

            foreach (var method in route.Methods)
            {
                var spec = OperationCatalog.Find(method, route.Shape);
                pathItem.Operations![new HttpMethod(method.ToUpperInvariant())] = CreateOperation(route, spec, document, schemas);
            }
        }

        document.RegisterComponents();
        return document;
    }

    /// <summary><paramref name="document"/> as indented JSON in <see cref="SpecVersion"/>.</summary>
    public static string ToJson(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        document.SerializeAs(SpecVersion, new OpenApiJsonWriter(text));
        return text.ToString();
    }

    private static OpenApiOperation CreateOperation(HttpFunctionRoute route, OperationSpec? spec, OpenApiDocument document, ContractSchemas schemas)
    {
        var operation = new OpenApiOperation
        {
            OperationId = route.FunctionName,
            Summary = spec?.Summary ?? route.FunctionName,
            Description = spec?.Description,
            Tags = spec is null ? null : new HashSet<OpenApiTagReference> { new(spec.Tag, document) },
            Parameters = [],
            Responses = [],
        };

        foreach (var parameter in route.Parameters)
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Description = OperationCatalog.DescribePathParameter(parameter.Name),
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        foreach (var query in spec?.Query ?? [])
        {
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name,
                In = ParameterLocation.Query,
                Required = query.Required,
                Description = query.Description(),
                Schema = query.Schema(),
            });
        }

        if (spec is { MultipartUpload: true })
        {
            operation.RequestBody = CreateUploadBody();
        }

        var responses = spec?.Responses ?? [new ResponseSpec(200, "Success.")];
        foreach (var response in responses)
        {
            operation.Responses[response.Status.ToString(CultureInfo.InvariantCulture)] = CreateResponse(response, document, schemas);
        }

        return operation;
    }

    private static OpenApiResponse CreateResponse(ResponseSpec spec, OpenApiDocument document, ContractSchemas schemas)
    {
        var response = new OpenApiResponse { Description = spec.Description };
        if (spec.Headers.Count > 0)
        {
            response.Headers = spec.Headers.ToDictionary(
                h => h.Key,
                h => (IOpenApiHeader)new OpenApiHeader { Description = h.Value, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        }

        var contentType = spec.ContentType ?? (spec.Body is null ? null : "application/json");
        if (contentType is null)
        {
            return response;
        }

        IOpenApiSchema schema = spec switch
        {
            { Body: { } body } => schemas.For(body),
            _ when contentType == OperationCatalog.ProblemJson => new OpenApiSchemaReference(ProblemSchemaName, document),
            _ when contentType == "application/json" => new OpenApiSchema { Type = JsonSchemaType.Object },
            _ when contentType.StartsWith("text/", StringComparison.Ordinal) => new OpenApiSchema { Type = JsonSchemaType.String },
            _ => new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
        };
        response.Content = new Dictionary<string, IOpenApiMediaType> { [contentType] = new OpenApiMediaType { Schema = schema } };
        return response;
    }

    private static OpenApiRequestBody CreateUploadBody() => new()
    {
        Required = true,
        Description = "One or more images, each as a `files` part. The real format is sniffed from the bytes.",
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "files" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["files"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                            Description = "The images, one part each.",
                        },
                        ["filter"] = new OpenApiSchema
                        {
                            Type = JsonSchemaType.String,
                            Description = "The filter chain, when not given in the query.",
                        },
                    },
                },
                Encoding = new Dictionary<string, OpenApiEncoding> { ["files"] = new() { ContentType = "image/*" } },
            },
        },
    };

    private static void AddProblemSchema(ContractSchemas schemas)
    {
        var problem = schemas.Component(typeof(ProblemDetails));
        problem.Description = "An RFC 9457 problem.";
        problem.Properties!["errors"] = new OpenApiSchema
        {
            Description = "What was wrong, where it helps: messages, or messages by field.",
        };
    }
}
