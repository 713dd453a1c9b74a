using System.Globalization;
using System.Reflection;
using ImageFunctions.Api.Faults;
using ImageFunctions.Functions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;

namespace ImageFunctions.Api.OpenApi;

/// <summary>
/// Builds the OpenAPI 3 document of the app from what the functions declare: paths, methods and path parameters from
/// <see cref="FunctionCatalog"/> (the <c>[Function]</c>/<c>[HttpTrigger]</c> attributes), texts, parameters and responses
/// from the <c>[OpenApi…]</c> attributes beside each <c>[Function]</c>, body schemas from the types written
/// (<see cref="ContractSchemas"/>).
/// </summary>
public static class OpenApiDocumentFactory
{
    /// <summary>The version written: OpenAPI 3.0, which every client and Swagger UI read.</summary>
    public const OpenApiSpecVersion SpecVersion = OpenApiSpecVersion.OpenApi3_0;

    /// <summary>Name of the component schema of error responses.</summary>
    public const string ProblemSchemaName = nameof(ProblemDetails);

    /// <summary>RFC 9457 media type.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>The texts of the route parameters, which several functions share.</summary>
    private static readonly Dictionary<string, string> PathParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jobId"] = "The job id returned by `POST /process-job` (the only key to its results).",
        ["filename"] = "An output file name as listed in the job status (`results[].image_url`); no path parts.",
        ["asset"] = "A file of the bundled swagger-ui-dist, e.g. `swagger-ui.css`.",
        ["file"] = "A file of the web page, e.g. `app.js`.",
    };

    /// <summary>The document of this app's HTTP functions.</summary>
    public static OpenApiDocument Create() => Create(FunctionCatalog.App.Http);

    /// <summary>
    /// The document of <paramref name="functions"/>. Throws, naming the function, for one without <c>[OpenApiOperation]</c>,
    /// with an undescribed route parameter, or that takes any method (the Functions host's answer to an
    /// <c>[HttpTrigger]</c> without methods, which one operation per method cannot describe).
    /// </summary>
    public static OpenApiDocument Create(IEnumerable<HttpFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
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
                new() { Name = OpenApiTags.Jobs, Description = "Image processing jobs." },
                new() { Name = OpenApiTags.Service, Description = "Filters and health." },
                new() { Name = OpenApiTags.Documentation, Description = "This description and its viewer." },
                new() { Name = OpenApiTags.Page, Description = "The page for people: upload, watch, compare, download." },
            },
        };
        var schemas = new ContractSchemas(document);
        var problem = schemas.Component(typeof(ProblemDetails));
        problem.Description = "An RFC 9457 problem.";
        problem.Properties!["errors"] = new OpenApiSchema { Description = "What was wrong, where it helps: messages, or messages by field." };
        problem.Properties[UnhandledFaults.TraceIdMember] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Answers to faults (500, 503): identifies the request in the service's logs (its W3C trace id).",
        };

        foreach (var function in functions.OrderBy(f => f.Route, StringComparer.Ordinal).ThenBy(f => f.Name, StringComparer.Ordinal))
        {
            if (function.Methods.Count == 0)
            {
                throw new InvalidOperationException(
                    $"Function '{function.Name}' ({function.Describe()}) takes any HTTP method; list its methods in [HttpTrigger] to document it.");
            }

            var path = PathOf(function.Route);
            if (!document.Paths.TryGetValue(path, out var existing) || existing is not OpenApiPathItem item)
            {
                document.Paths[path] = item = new OpenApiPathItem { Operations = [] };
            }

            foreach (var method in function.Methods)
            {
                var operation = CreateOperation(function, document, schemas);
                operation.OperationId = function.Methods.Count == 1 ? function.Name : $"{function.Name}_{method.ToLowerInvariant()}";
                item.Operations![new HttpMethod(method)] = operation;
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

    /// <summary>
    /// The OpenAPI path of a route template: <c>images/{jobId:guid}/{*name}</c> becomes <c>/images/{jobId}/{name}</c>; a
    /// parameter only the empty string satisfies is no part of it (<c>{page:maxlength(0)?}</c> is <c>/</c>).
    /// </summary>
    public static string PathOf(string route) =>
        "/" + string.Join('/', RoutePatternFactory.Parse(route).PathSegments
            .Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter when IsEmptyOnly(parameter) => string.Empty,
                RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
                _ => string.Empty,
            })))
            .Where(segment => segment.Length > 0));

    /// <summary>
    /// An optional parameter constrained to <c>maxlength(0)</c>: it matches nothing but its absence. The Functions host takes
    /// no empty route, so this is how a function answers at the root (<c>WebPageFunction.Route</c>).
    /// </summary>
    private static bool IsEmptyOnly(RoutePatternParameterPart parameter) =>
        parameter.IsOptional && parameter.ParameterPolicies.Any(p => p.Content == "maxlength(0)");

    private static OpenApiOperation CreateOperation(HttpFunction function, OpenApiDocument document, ContractSchemas schemas)
    {
        var method = function.Method;
        var texts = method.GetCustomAttribute<OpenApiOperationAttribute>()
            ?? throw new InvalidOperationException($"Function '{function.Name}' ({function.Describe()}) has no [OpenApiOperation]; add the OpenAPI attributes beside [Function].");
        var pathParameters = RoutePatternFactory.Parse(function.Route).Parameters.Where(p => !IsEmptyOnly(p)).Select(p => new OpenApiParameter
        {
            Name = p.Name,
            In = ParameterLocation.Path,
            Required = true,
            Description = PathParameters.GetValueOrDefault(p.Name)
                ?? throw new InvalidOperationException($"Function '{function.Name}': describe the route parameter '{p.Name}' in {nameof(OpenApiDocumentFactory)}."),
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        var query = method.GetCustomAttributes<OpenApiQueryAttribute>().Select(q => (Attribute: q, Parameter: QueryParameter(q))).ToArray();
        var headers = method.GetCustomAttributes<OpenApiHeaderAttribute>().ToArray();
        var operation = new OpenApiOperation
        {
            Summary = texts.Summary,
            Description = texts.Description,
            Tags = new HashSet<OpenApiTagReference> { new(texts.Tag, document) },
            Parameters = [.. pathParameters, .. query.Select(q => q.Parameter), .. method.GetCustomAttributes<OpenApiRequestHeaderAttribute>().Select(HeaderParameter)],
            RequestBody = method.GetCustomAttribute<OpenApiUploadAttribute>() is { } upload ? UploadBody(upload, query) : null,
            Responses = [],
        };
        foreach (var response in method.GetCustomAttributes<OpenApiResponseAttribute>().OrderBy(r => r.Status))
        {
            operation.Responses[response.Status.ToString(CultureInfo.InvariantCulture)] = Response(response, headers, schemas);
        }

        return operation;
    }

    private static OpenApiParameter HeaderParameter(OpenApiRequestHeaderAttribute header) => new()
    {
        Name = header.Name,
        In = ParameterLocation.Header,
        Description = header.Description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };

    private static OpenApiParameter QueryParameter(OpenApiQueryAttribute query)
    {
        var parameter = new OpenApiParameter
        {
            Name = query.Name,
            In = ParameterLocation.Query,
            Required = query.Required,
            Description = query.Description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        };
        if (query.Source is { } source)
        {
            ((IOpenApiParameterSource)Activator.CreateInstance(source)!).Complete(parameter);
        }

        return parameter;
    }

    private static OpenApiResponse Response(OpenApiResponseAttribute spec, IEnumerable<OpenApiHeaderAttribute> headers, ContractSchemas schemas)
    {
        var response = new OpenApiResponse { Description = spec.Description };
        var sent = headers.Where(h => h.Statuses.Contains(spec.Status)).ToDictionary(
            h => h.Name,
            h => (IOpenApiHeader)new OpenApiHeader { Description = h.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
        if (sent.Count > 0)
        {
            response.Headers = sent;
        }

        if ((spec.ContentType ?? (spec.Body is null ? null : "application/json")) is not { } contentType)
        {
            return response;
        }

        IOpenApiSchema schema = spec.Body is { } body ? schemas.For(body)
            : contentType == "application/json" ? new OpenApiSchema { Type = JsonSchemaType.Object }
            : contentType.StartsWith("text/", StringComparison.Ordinal) ? new OpenApiSchema { Type = JsonSchemaType.String }
            : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
        response.Content = new Dictionary<string, IOpenApiMediaType> { [contentType] = new OpenApiMediaType { Schema = schema } };
        return response;
    }

    /// <summary>A multipart body: the repeated image parts, then the query parameters the form also takes.</summary>
    private static OpenApiRequestBody UploadBody(OpenApiUploadAttribute upload, IEnumerable<(OpenApiQueryAttribute Attribute, OpenApiParameter Parameter)> query)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [upload.Field] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                Description = upload.FieldDescription,
            },
        };
        foreach (var (attribute, parameter) in query.Where(q => q.Attribute.FormDescription is not null))
        {
            var field = (OpenApiSchema)parameter.Schema!.CreateShallowCopy();
            field.Description = attribute.FormDescription;
            properties[attribute.Name] = field;
        }

        return new OpenApiRequestBody
        {
            Required = true,
            Description = upload.Description,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["multipart/form-data"] = new OpenApiMediaType
                {
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Object, Required = new HashSet<string> { upload.Field }, Properties = properties },
                    Encoding = new Dictionary<string, OpenApiEncoding> { [upload.Field] = new() { ContentType = "image/*" } },
                },
            },
        };
    }
}
