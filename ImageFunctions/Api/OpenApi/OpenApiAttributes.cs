using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;

namespace ImageFunctions.Api.OpenApi;

/// <summary>The tags operations are grouped under (described in <see cref="OpenApiDocumentFactory"/>).</summary>
public static class OpenApiTags
{
    public const string Jobs = "Jobs";
    public const string Service = "Service";
    public const string Documentation = "Documentation";
    public const string Page = "Web page";
}

/// <summary>The texts of the answers to faults (Api/Faults/UnhandledFaults), shared by the functions that reach a backend.</summary>
public static class OpenApiFaults
{
    public const string Unexpected = "An unexpected fault; the problem's `traceId` identifies it in the service's logs.";
    public const string Unavailable = "Storage, Redis or the Durable backend did not answer (down or too slow); try again after `Retry-After` seconds.";
    public const string RetryAfter = "Seconds to wait before trying again.";
}

/// <summary>The texts of an HTTP function's operation. Every <c>[HttpTrigger]</c> function has one, beside <c>[Function]</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiOperationAttribute(string tag, string summary, string description) : Attribute
{
    public string Tag { get; } = tag;
    public string Summary { get; } = summary;
    public string Description { get; } = description;
}

/// <summary>A status the function answers, with its body: a JSON <paramref name="body"/> type, or a raw <see cref="ContentType"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public class OpenApiResponseAttribute(int status, string description, Type? body = null) : Attribute
{
    public int Status { get; } = status;
    public string Description { get; } = description;

    /// <summary>The type serialized as the body (described by its JSON schema); null for none or a raw body.</summary>
    public Type? Body { get; } = body;

    /// <summary>The body's media type; <c>application/json</c> when <see cref="Body"/> is set, unless given.</summary>
    public string? ContentType { get; set; }
}

/// <summary>An error status: an <c>application/problem+json</c> (RFC 9457) body.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiProblemAttribute : OpenApiResponseAttribute
{
    public OpenApiProblemAttribute(int status, string description)
        : base(status, description, typeof(ProblemDetails)) => ContentType = OpenApiDocumentFactory.ProblemJson;
}

/// <summary>A response header sent with the given statuses.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiHeaderAttribute(string name, string description, params int[] statuses) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public IReadOnlyList<int> Statuses { get; } = statuses;
}

/// <summary>An optional request header the function reads.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiRequestHeaderAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
}

/// <summary>
/// A query parameter (a string unless its <see cref="Source"/> says otherwise). When <see cref="FormDescription"/> is set
/// it is also a field of the multipart body (see <see cref="OpenApiUploadAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiQueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;
    public string Description { get; } = description;
    public bool Required { get; set; }

    /// <summary>An <see cref="IOpenApiParameterSource"/> that completes the parameter from the code it documents.</summary>
    public Type? Source { get; set; }

    /// <summary>The text of the same value sent as a form field; null when the form does not take it.</summary>
    public string? FormDescription { get; set; }
}

/// <summary>Completes a parameter with what an attribute cannot hold: values read from the engine when the document is built.</summary>
public interface IOpenApiParameterSource
{
    /// <summary>Sets the schema of <paramref name="parameter"/> and may add to its description.</summary>
    void Complete(OpenApiParameter parameter);
}

/// <summary>A required <c>multipart/form-data</c> body whose <paramref name="field"/> parts are images.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiUploadAttribute(string field, string description, string fieldDescription) : Attribute
{
    public string Field { get; } = field;
    public string Description { get; } = description;
    public string FieldDescription { get; } = fieldDescription;
}
