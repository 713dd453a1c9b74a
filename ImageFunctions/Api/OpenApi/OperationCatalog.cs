using ImageFunctions.Api.Contracts;
using ImageFunctions.Imaging;

namespace ImageFunctions.Api.OpenApi;

/// <summary>A documented response: status, text, and its body (a contract type, or a raw media type).</summary>
public sealed record ResponseSpec(int Status, string Description)
{
    /// <summary>JSON body type (a record of Api/Contracts); null when none or raw.</summary>
    public Type? Body { get; init; }

    /// <summary>Media type of the body; <c>application/json</c> when <see cref="Body"/> is set, unless given.</summary>
    public string? ContentType { get; init; }

    /// <summary>Response headers: name and description.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>An <c>application/problem+json</c> error response.</summary>
    public static ResponseSpec Problem(int status, string description) => new(status, description) { ContentType = OperationCatalog.ProblemJson };
}

/// <summary>A query parameter: its schema is built from the same definitions the function validates with.</summary>
public sealed record QueryParameterSpec(string Name, bool Required, Func<string> Description, Func<Microsoft.OpenApi.OpenApiSchema> Schema);

/// <summary>What reflection cannot tell about an operation: texts, query parameters, body and responses.</summary>
public sealed record OperationSpec(string Tag, string Summary, string Description)
{
    /// <summary>Query parameters, in order.</summary>
    public IReadOnlyList<QueryParameterSpec> Query { get; init; } = [];

    /// <summary>True for <c>POST /process-job</c>'s multipart upload.</summary>
    public bool MultipartUpload { get; init; }

    /// <summary>Responses, in order.</summary>
    public IReadOnlyList<ResponseSpec> Responses { get; init; } = [];
}

/// <summary>
/// The texts of the API, keyed by route shape (the route with parameters replaced by <c>{}</c>, e.g. <c>status-job/{}</c>)
/// and method, so the routes and parameter names still come only from the functions' attributes.
/// </summary>
public static class OperationCatalog
{
    /// <summary>RFC 9457 media type.</summary>
    public const string ProblemJson = "application/problem+json";

    /// <summary>Tag of the job operations.</summary>
    public const string JobsTag = "Jobs";

    /// <summary>Tag of the service operations.</summary>
    public const string ServiceTag = "Service";

    /// <summary>Tag of the documentation operations.</summary>
    public const string DocsTag = "Documentation";

    private static readonly Dictionary<string, string> _pathParameterTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jobid"] = "The job id returned by `POST /process-job` (the only key to its results).",
        ["filename"] = "An output file name as listed in the job status (`results[].image_url`); no path parts.",
        ["asset"] = "A file of the bundled swagger-ui-dist, e.g. `swagger-ui.css`.",
    };

    private static readonly Dictionary<string, OperationSpec> _operations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["post process-job"] = new(JobsTag, "Upload images and start a job",
            "Streams every `files` part into storage while checking its size and real format, validates the filter chain, "
            + "then schedules one orchestration for the job. Poll `status_url`, then fetch `download_url`.")
        {
            Query =
            [
                new("filter", true, DescribeFilters, FilterSchema),
                new("format", false, () => "Output format; `original` keeps each image's own format.", FormatSchema),
                new("quality", false, () => "Encoder quality for lossy formats.",
                    () => new() { Type = Microsoft.OpenApi.JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "100", Default = 90 }),
            ],
            MultipartUpload = true,
            Responses =
            [
                new(202, "Accepted: the job is scheduled.") { Body = typeof(JobAcceptedResponse), Headers = new Dictionary<string, string> { ["Location"] = "The job's status URL." } },
                ResponseSpec.Problem(400, "No files, too many files, an unknown filter or bad arguments, or a bad format or quality."),
                ResponseSpec.Problem(413, "A file is too large or has too many pixels."),
                ResponseSpec.Problem(415, "A file is not an image format we decode."),
                ResponseSpec.Problem(422, "A file claims an image format but cannot be read."),
            ],
        },
        ["get status-job/{}"] = new(JobsTag, "Get a job's status",
            "Overall status, counts and one entry per image. `all_ready` is true when every image has finished, "
            + "`all_successful` when every one succeeded.")
        {
            Responses =
            [
                new(200, "The status document.") { Body = typeof(JobStatusResponse) },
                ResponseSpec.Problem(404, "No such job."),
            ],
        },
        ["get download/{}"] = new(JobsTag, "Download a job's images as a ZIP",
            "Streams the ZIP of every successfully processed image; when some images failed it holds the others.")
        {
            Responses =
            [
                new(200, "The ZIP archive.") { ContentType = "application/zip", Headers = new Dictionary<string, string> { ["Content-Disposition"] = "`attachment; filename={job_id}.zip`" } },
                ResponseSpec.Problem(404, "No such job."),
                ResponseSpec.Problem(409, "The job is still running.") with { Headers = new Dictionary<string, string> { ["Retry-After"] = "Seconds to wait before asking again." } },
            ],
        },
        ["get images/{}/{}"] = new(JobsTag, "Get one processed image", "Streams one output image of a job.")
        {
            Responses =
            [
                new(200, "The image.")
                {
                    ContentType = "image/*",
                    Headers = new Dictionary<string, string> { ["ETag"] = "Entity tag of the image.", ["Cache-Control"] = "Caching policy." },
                },
                new(304, "Not modified (the `If-None-Match` entity tag matches)."),
                ResponseSpec.Problem(400, $"The file name is not {FileNames.Rule}."),
                ResponseSpec.Problem(404, "No such job or image."),
            ],
        },
        ["get filters"] = new(ServiceTag, "List the filters", "Every filter with its description and parameters.")
        {
            Responses = [new(200, "The filters.") { Body = typeof(IReadOnlyList<FilterInfo>) }],
        },
        ["get health"] = new(ServiceTag, "Check the service's health", "Checks the image store, Redis and Durable reachability.")
        {
            Responses =
            [
                new(200, "Every check is healthy.") { Body = typeof(HealthResponse) },
                new(503, "At least one check failed.") { Body = typeof(HealthResponse) },
            ],
        },
        ["get openapi.json"] = new(DocsTag, "This OpenAPI document", "The OpenAPI 3 description of this API, built from the functions' own attributes and contracts.")
        {
            Responses = [new(200, "The OpenAPI document.") { ContentType = "application/json" }],
        },
        ["get docs"] = new(DocsTag, "Swagger UI", "An interactive page for this API; its assets are served by the app itself.")
        {
            Responses = [new(200, "The page.") { ContentType = "text/html" }],
        },
        ["get docs/{}"] = new(DocsTag, "A Swagger UI asset", "Files of the bundled swagger-ui-dist (scripts, styles, icons).")
        {
            Responses =
            [
                new(200, "The file.")
                {
                    ContentType = "*/*",
                    Headers = new Dictionary<string, string> { ["ETag"] = "Entity tag of the file.", ["Cache-Control"] = "Caching policy." },
                },
                new(304, "Not modified (the `If-None-Match` entity tag matches)."),
                ResponseSpec.Problem(400, $"The name is not {FileNames.Rule}."),
                ResponseSpec.Problem(404, "No such asset."),
            ],
        },
    };

    /// <summary>The texts of <paramref name="method"/> on the route of shape <paramref name="shape"/>, or null when undocumented.</summary>
    public static OperationSpec? Find(string method, string shape) =>
        _operations.GetValueOrDefault(method.ToLowerInvariant() + " " + shape);

    /// <summary>The description of a path parameter called <paramref name="name"/> (any case, with or without underscores).</summary>
    public static string DescribePathParameter(string name) =>
        _pathParameterTexts.GetValueOrDefault(name.Replace("_", "", StringComparison.Ordinal)) ?? $"The `{name}` part of the path.";

    /// <summary>The text of the <c>filter</c> parameter, listing every filter of <see cref="FilterCatalog"/>.</summary>
    public static string DescribeFilters()
    {
        var lines = new List<string>
        {
            "A filter chain applied left to right: names separated by commas, each with optional `:`-separated arguments, "
            + "e.g. `grayscale,edges` or `gaussian_blur:2.5`. Also accepted as a `filter` form field. Filters:",
            "",
        };
        foreach (var filter in FilterCatalog.All)
        {
            var parameters = filter.Parameters.Count == 0
                ? ""
                : " (" + string.Join("; ", filter.Parameters.Select(p =>
                    FormattableString.Invariant($"`{p.Name}` {p.Type} {p.Minimum}..{p.Maximum}, default {p.Default}: {p.Description}"))) + ")";
            lines.Add($"- `{filter.Name}`: {filter.Description}{parameters}");
        }

        return string.Join('\n', lines);
    }

    private static Microsoft.OpenApi.OpenApiSchema FilterSchema() => new()
    {
        Type = Microsoft.OpenApi.JsonSchemaType.String,
        MinLength = 1,
    };

    private static Microsoft.OpenApi.OpenApiSchema FormatSchema() => new()
    {
        Type = Microsoft.OpenApi.JsonSchemaType.String,
        Enum = Enum.GetNames<OutputFormat>().Select(n => (System.Text.Json.Nodes.JsonNode)n.ToLowerInvariant()).ToList(),
        Default = nameof(OutputFormat.Original).ToLowerInvariant(),
    };
}
