using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ImageFunctions.Api;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.Faults;
using ImageFunctions.Jobs;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Functions;
using ImageFunctions.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace ImageFunctions.Tests.Unit.OpenApi;

public sealed class OpenApiDocumentFactoryTests
{
    [Fact]
    public void ToJson_ReadBackWithMicrosoftOpenApi_HasNoErrors()
    {
        var (document, diagnostic) = OpenApiTestData.Parsed;

        Assert.NotNull(document);
        Assert.Empty(diagnostic!.Errors.Select(e => e.ToString()));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.StartsWith("3.0", JsonNode.Parse(OpenApiTestData.Json)!["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DefaultRuleSet_HasNoErrors()
    {
        var errors = OpenApiTestData.Parsed.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => e.ToString()).ToArray();

        Assert.Empty(errors);
        Assert.Empty(OpenApiTestData.Parsed.Diagnostic!.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void Create_EveryHttpFunctionOfTheCatalog_IsAnOperationNamedAfterItsFunction()
    {
        var catalog = FunctionCatalog.App.Http
            .SelectMany(f => f.Methods.Select(m => KeyValuePair.Create($"{m} {OpenApiTestData.ToPath(f.Route)}", f.Name)))
            .ToDictionary();

        Assert.Contains("GET /openapi.json", catalog.Keys);
        Assert.Equal(catalog.OrderBy(x => x.Key), OpenApiTestData.DocumentedOperations().OrderBy(x => x.Key).Select(x => KeyValuePair.Create(x.Key, x.Value!)));
    }

    [Fact]
    public void Create_EveryHttpFunctionOfFunctionsMetadata_IsAnOperationNamedAfterItsFunction()
    {
        var metadata = OpenApiTestData.MetadataOperations();

        Assert.Contains("GET /docs/{asset}", metadata.Keys);
        Assert.Equal(metadata.OrderBy(x => x.Key), OpenApiTestData.DocumentedOperations().OrderBy(x => x.Key).Select(x => KeyValuePair.Create(x.Key, x.Value!)));
    }

    [Fact]
    public void Create_EveryHttpFunction_HasItsOperationAndResponseAttributes()
    {
        var undocumented = FunctionCatalog.App.Http
            .Where(f => f.Method.GetCustomAttributes(typeof(OpenApiOperationAttribute), false).Length == 0
                || f.Method.GetCustomAttributes(typeof(OpenApiResponseAttribute), false).Length == 0)
            .Select(f => f.Describe())
            .ToArray();

        Assert.True(undocumented.Length == 0, "Add [OpenApiOperation] and [OpenApiResponse] beside [Function] of: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Create_FunctionWithoutOpenApiOperation_ThrowsNamingIt()
    {
        var functions = FunctionCatalog.FromTypes([typeof(UndocumentedFunction)]).Http;

        var ex = Assert.Throws<InvalidOperationException>(() => OpenApiDocumentFactory.Create(functions));

        Assert.Contains("'Undocumented'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[OpenApiOperation]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FunctionOfAnyMethod_ThrowsNamingIt()
    {
        var function = Assert.Single(FunctionCatalog.FromTypes([typeof(AnyMethodFunction)]).Http);

        var ex = Assert.Throws<InvalidOperationException>(() => OpenApiDocumentFactory.Create([function]));

        Assert.Empty(function.Methods);
        Assert.Contains("'AnyMethod'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("any HTTP method", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FunctionOfTwoMethods_HasOneOperationPerMethodWithDistinctIds()
    {
        var document = OpenApiDocumentFactory.Create(FunctionCatalog.FromTypes([typeof(TwoMethodFunction)]).Http);

        var operations = document.Paths["/both"].Operations!;
        Assert.Equal(["TwoMethods_get", "TwoMethods_post"], operations.Values.Select(o => o.OperationId).Order(StringComparer.Ordinal));
        Assert.Equal(["200"], operations[HttpMethod.Post].Responses!.Keys);
    }

    [Fact]
    public void Create_PathParameters_AreDeclaredForEveryTemplateParameter()
    {
        foreach (var (path, item) in OpenApiTestData.Parsed.Document!.Paths)
        {
            var expected = System.Text.RegularExpressions.Regex.Matches(path, @"\{([^}]+)\}").Select(m => m.Groups[1].Value).ToArray();
            foreach (var operation in item.Operations!.Values)
            {
                var declared = (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Path).Select(p => p.Name).ToArray();
                Assert.Equal(expected, declared);
            }
        }
    }

    private static readonly object[] Contracts =
    [
        new JobAcceptedResponse("j", ["t"], "/status-job/j", "/download/j"),
        new JobStatusResponse("j", JobStatuses.Running, false, false, new JobProgressResponse(2, 1, 0, 1), "blur",
            DateTimeOffset.UnixEpoch, null, "/download/j", [new ImageStatusResponse("t", "a.png", "a.png", ImageStatuses.Success, true, true, "/images/j/a.png", null)],
            new JobNotificationResponse("delivered", 1, "6f1c2e4a-9b7d-4c3e-8a5f-0d1e2f3a4b5c", null)),
        new JobProgressResponse(1, 1, 0, 0),
        new JobNotificationResponse("failed", 5, "6f1c2e4a-9b7d-4c3e-8a5f-0d1e2f3a4b5c", "The receiver answered 500."),
        new ImageStatusResponse("t", "a.png", "a.png", ImageStatuses.Failure, true, false, null, "bad"),
        new HealthResponse("healthy", new Dictionary<string, HealthCheckResult> { ["redis"] = new("healthy", "redis") }),
        new HealthCheckResult("unhealthy", "blob"),
        LimitsFunction.Create(new ImageFunctions.Settings.LimitsOptions()),
        new InputFormatResponse("png", "image/png", ".png"),
    ];

    /// <summary>A sample of every type with a component schema: the contracts, the filter catalog, a problem.</summary>
    private static readonly object[] Written =
    [
        .. Contracts,
        FilterCatalog.All.First(f => f.Parameters.Count > 0),
        FilterCatalog.All.First(f => f.Parameters.Count > 0).Parameters[0],
        ((ProblemHttpResult)Problems.NotFound("No job 'x'.")).ProblemDetails,
    ];

    public static TheoryData<object> ContractSamples() => Rows(Contracts);

    public static TheoryData<object> WrittenSamples() => Rows(Written);

    [Fact]
    public void Create_ComponentSchemas_AreTheWrittenTypes()
    {
        var written = Written.Select(sample => sample.GetType().Name).Order(StringComparer.Ordinal);

        Assert.Equal(written, OpenApiTestData.Parsed.Document!.Components!.Schemas!.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(WrittenSamples))]
    public void Create_ComponentSchema_MatchesWhatTheAppWrites(object sample)
    {
        // The options the app's IResults serialize with (ASP.NET Core's JsonOptions: web defaults).
        var written = JsonSerializer.SerializeToNode(sample, sample.GetType(), new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions)!.AsObject();
        var schema = ComponentSchema(sample.GetType().Name);

        Assert.All(written, property =>
        {
            Assert.True(schema.Properties!.TryGetValue(property.Key, out var declared), $"{property.Key} is written but not in the schema.");
            var nullable = declared!.Type?.HasFlag(JsonSchemaType.Null) == true;
            Assert.Equal(!nullable && !IsLeftOutWhenNull(sample.GetType(), property.Key), schema.Required?.Contains(property.Key) == true);
            if (property.Value is null)
            {
                Assert.True(nullable, $"{property.Key} is written as null but its schema is not nullable.");
                return;
            }

            var kind = property.Value.GetValueKind();
            var expected = kind switch
            {
                JsonValueKind.String => JsonSchemaType.String,
                JsonValueKind.Number => property.Value.ToJsonString().Contains('.', StringComparison.Ordinal) ? JsonSchemaType.Number : JsonSchemaType.Integer,
                JsonValueKind.True or JsonValueKind.False => JsonSchemaType.Boolean,
                JsonValueKind.Array => JsonSchemaType.Array,
                _ => JsonSchemaType.Object,
            };
            var type = declared is OpenApiSchemaReference reference ? ComponentSchema(reference.Reference.Id!).Type : declared.Type;
            Assert.True(
                type!.Value.HasFlag(expected) || (expected == JsonSchemaType.Integer && type.Value.HasFlag(JsonSchemaType.Number)),
                $"{property.Key} is written as {kind} ({property.Value.ToJsonString()}) but its schema type is {type}.");
        });
    }

    /// <summary>A property the app leaves out rather than writing null (<c>[JsonIgnore(Condition = WhenWritingNull)]</c>): optional, never null.</summary>
    private static bool IsLeftOutWhenNull(Type type, string jsonName) =>
        type.GetProperties().Any(p =>
            p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName
            && p.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.WhenWritingNull);

    [Theory]
    [MemberData(nameof(ContractSamples))]
    public void Create_ContractSchema_HasExactlyThePropertiesSystemTextJsonWrites(object sample)
    {
        var written = JsonSerializer.SerializeToNode(sample, sample.GetType())!.AsObject().Select(p => p.Key).ToArray();

        var schema = ComponentSchema(sample.GetType().Name);

        Assert.Equal(written, schema.Properties!.Keys);
    }

    [Fact]
    public void Create_JobStatusSchema_HasSnakeCaseFieldsTypesAndReferences()
    {
        var status = ComponentSchema(nameof(JobStatusResponse));
        var image = ComponentSchema(nameof(ImageStatusResponse));

        Assert.Equal(
            ["job_id", "status", "all_ready", "all_successful", "progress", "filter", "created_at", "completed_at", "download_url", "results", "notification"],
            status.Properties!.Keys);
        Assert.Equal(JsonSchemaType.Boolean, status.Properties["all_ready"].Type);
        Assert.Equal("date-time", status.Properties["created_at"].Format);
        Assert.Contains("completed_at", status.Properties.Keys.Except(status.Required!));
        Assert.Contains("job_id", status.Required!);
        Assert.Equal(nameof(JobProgressResponse), ((OpenApiSchemaReference)status.Properties["progress"]).Reference.Id);
        Assert.Equal(JsonSchemaType.Array, status.Properties["results"].Type);
        Assert.Contains("notification", status.Properties.Keys.Except(status.Required!));
        Assert.Equal(nameof(JobNotificationResponse), ((OpenApiSchemaReference)status.Properties["notification"]).Reference.Id);
        Assert.Equal(nameof(ImageStatusResponse), ((OpenApiSchemaReference)status.Properties["results"].Items!).Reference.Id);
        Assert.True(image.Properties!["error"].Type!.Value.HasFlag(JsonSchemaType.Null));
        Assert.False(image.Properties["task_id"].Type!.Value.HasFlag(JsonSchemaType.Null));
    }

    [Fact]
    public void Create_HealthSchema_MapsChecksToHealthCheckResults()
    {
        var checks = ComponentSchema(nameof(HealthResponse)).Properties!["checks"];

        Assert.Equal(JsonSchemaType.Object, checks.Type);
        Assert.Equal(nameof(HealthCheckResult), ((OpenApiSchemaReference)checks.AdditionalProperties!).Reference.Id);
    }

    [Fact]
    public void Create_FilterParameter_ListsEveryCatalogFilter()
    {
        var filter = Operation("POST", "/process-job").Parameters!.Single(p => p.Name == "filter");

        Assert.Equal(ParameterLocation.Query, filter.In);
        Assert.True(filter.Required);
        Assert.NotEmpty(FilterCatalog.All);
        Assert.All(FilterCatalog.All, f => Assert.Contains($"`{f.Name}`", filter.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ProcessJob_TakesAnOptionalIdempotencyKeyHeader()
    {
        var key = Operation("POST", "/process-job").Parameters!.Single(p => p.Name == "Idempotency-Key");

        Assert.Equal(ParameterLocation.Header, key.In);
        Assert.False(key.Required);
        Assert.Contains("422", key.Description, StringComparison.Ordinal);
        Assert.Contains("409", key.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FormatAndQualityParameters_FollowTheEngine()
    {
        var parameters = Operation("POST", "/process-job").Parameters!;
        var format = parameters.Single(p => p.Name == "format").Schema!;
        var quality = parameters.Single(p => p.Name == "quality").Schema!;

        Assert.Equal(Enum.GetNames<OutputFormat>().Select(n => n.ToLowerInvariant()), format.Enum!.Select(e => e.GetValue<string>()));
        Assert.Equal("original", format.Default!.GetValue<string>());
        Assert.Equal(JsonSchemaType.Integer, quality.Type);
        Assert.Equal(("1", "100"), (quality.Minimum, quality.Maximum));
    }

    [Fact]
    public void Create_ProcessJob_TakesRepeatedBinaryFilesAndAnswers202WithLocation()
    {
        var operation = Operation("POST", "/process-job");
        var body = operation.RequestBody!.Content!["multipart/form-data"].Schema!;
        var accepted = operation.Responses!["202"];

        Assert.True(operation.RequestBody.Required);
        Assert.Contains("files", body.Required!);
        Assert.Equal(JsonSchemaType.Array, body.Properties!["files"].Type);
        Assert.Equal("binary", body.Properties["files"].Items!.Format);
        Assert.Contains("Location", accepted.Headers!.Keys);
        Assert.Equal(nameof(JobAcceptedResponse), ((OpenApiSchemaReference)accepted.Content!["application/json"].Schema!).Reference.Id);
        Assert.Equal(["202", "400", "408", "409", "413", "415", "422", "429", "500", "503"], operation.Responses.Keys);
    }

    [Fact]
    public void Create_ProcessJob_FormTakesTheQueryParametersMarkedAsFormFields()
    {
        var operation = Operation("POST", "/process-job");
        var body = operation.RequestBody!.Content!["multipart/form-data"].Schema!;

        Assert.Equal(["files", "filter", "format", "quality", "notify_url"], body.Properties!.Keys);
        Assert.Equal(["files"], body.Required!);
        foreach (var name in new[] { "filter", "format", "quality", "notify_url" })
        {
            var query = operation.Parameters!.Single(p => p.Name == name).Schema!;
            Assert.Equal(query.Type, body.Properties[name].Type);
            Assert.Equal(query.Enum?.Select(e => e.ToJsonString()), body.Properties[name].Enum?.Select(e => e.ToJsonString()));
            Assert.False(string.IsNullOrEmpty(body.Properties[name].Description));
        }
    }

    /// <summary>Every status each function can answer, read from its code and its handlers (not from the attributes).</summary>
    [Theory]
    [InlineData("POST", "/process-job", "202 400 408 409 413 415 422 429 500 503")]
    [InlineData("GET", "/status-job/{jobId}", "200 404 500 503")]
    [InlineData("GET", "/download/{jobId}", "200 404 409 500 503")]
    [InlineData("GET", "/images/{jobId}/{filename}", "200 304 400 404 500 503")]
    [InlineData("GET", "/filters", "200")]
    [InlineData("GET", "/health", "200 503")]
    [InlineData("GET", "/openapi.json", "200 304")]
    [InlineData("GET", "/docs", "200 302 304")]
    [InlineData("GET", "/docs/{asset}", "200 304 400 404")]
    [InlineData("DELETE", "/delete-job/{jobId}", "202 204 404 500 503")]
    [InlineData("GET", "/limits", "200")]
    [InlineData("GET", "/", "200 304")]
    [InlineData("GET", "/page/{file}", "200 304 400 404")]
    public void Create_Operation_ListsEveryStatusItsFunctionAnswers(string method, string path, string statuses)
    {
        Assert.Equal(statuses.Split(' ').Order(StringComparer.Ordinal), Operation(method, path).Responses!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StatusTable_HasARowForEveryOperation()
    {
        var rows = typeof(OpenApiDocumentFactoryTests).GetMethod(nameof(Create_Operation_ListsEveryStatusItsFunctionAnswers))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Length;

        Assert.Equal(OpenApiTestData.DocumentedOperations().Count, rows);
    }

    /// <summary>Every header the functions and their results set on an answer, read from the code.</summary>
    [Theory]
    [InlineData("POST", "/process-job", "202", "Location Idempotent-Replayed")]
    [InlineData("POST", "/process-job", "429", "Retry-After")]
    [InlineData("POST", "/process-job", "503", "Retry-After")]
    [InlineData("GET", "/status-job/{jobId}", "200", "Cache-Control")]
    [InlineData("GET", "/status-job/{jobId}", "503", "Retry-After")]
    [InlineData("GET", "/download/{jobId}", "200", "Content-Disposition Cache-Control")]
    [InlineData("GET", "/download/{jobId}", "409", "Retry-After")]
    [InlineData("GET", "/download/{jobId}", "503", "Retry-After")]
    [InlineData("GET", "/images/{jobId}/{filename}", "200", "ETag Cache-Control Last-Modified")]
    [InlineData("GET", "/images/{jobId}/{filename}", "304", "ETag Cache-Control Last-Modified")]
    [InlineData("GET", "/images/{jobId}/{filename}", "503", "Retry-After")]
    [InlineData("DELETE", "/delete-job/{jobId}", "503", "Retry-After")]
    [InlineData("GET", "/health", "200", "Cache-Control")]
    [InlineData("GET", "/health", "503", "Cache-Control")]
    [InlineData("GET", "/openapi.json", "200", "ETag Cache-Control")]
    [InlineData("GET", "/openapi.json", "304", "ETag Cache-Control")]
    [InlineData("GET", "/docs", "200", "ETag Cache-Control")]
    [InlineData("GET", "/docs", "302", "Location")]
    [InlineData("GET", "/docs", "304", "ETag Cache-Control")]
    [InlineData("GET", "/docs/{asset}", "200", "ETag Cache-Control Vary")]
    [InlineData("GET", "/docs/{asset}", "304", "ETag Cache-Control Vary")]
    [InlineData("GET", "/", "200", "ETag Cache-Control Content-Security-Policy")]
    [InlineData("GET", "/", "304", "ETag Cache-Control Content-Security-Policy")]
    [InlineData("GET", "/page/{file}", "200", "ETag Cache-Control Vary")]
    [InlineData("GET", "/page/{file}", "304", "ETag Cache-Control Vary")]
    public void Create_Response_ListsTheHeadersItsFunctionSets(string method, string path, string status, string headers)
    {
        var response = Operation(method, path).Responses![status];

        Assert.Equal(headers.Split(' ').Order(StringComparer.Ordinal), response.Headers!.Keys.Order(StringComparer.Ordinal));
        Assert.All(response.Headers.Values, h => Assert.False(string.IsNullOrEmpty(h.Description)));
    }

    [Fact]
    public void Create_ErrorResponses_AreProblemJsonWithTheRfc9457Fields()
    {
        var problem = ComponentSchema(ApiProblemSchemaName);
        var errors = OpenApiTestData.Parsed.Document!.Paths
            .SelectMany(p => p.Value.Operations!.Values)
            .SelectMany(o => o.Responses!)
            .Where(r => r.Key is ['4', ..])
            .ToArray();

        Assert.Superset(new HashSet<string> { "type", "title", "status", "detail", "errors" }, problem.Properties!.Keys.ToHashSet());
        Assert.NotEmpty(errors);
        Assert.All(errors, r => Assert.Equal(
            ApiProblemSchemaName,
            ((OpenApiSchemaReference)r.Value.Content!["application/problem+json"].Schema!).Reference.Id));
    }

    [Fact]
    public async Task Create_ProblemSchema_HoldsEveryMemberOfAFaultAnswer()
    {
        var context = TestHttpContexts.Create();
        await UnhandledFaults.TryWriteAsync(context, new TimeoutException(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var problem = ComponentSchema(ApiProblemSchemaName);

        var written = TestHttpContexts.ResponseJson(context).EnumerateObject().Select(p => p.Name).ToArray();

        Assert.Contains(UnhandledFaults.TraceIdMember, written);
        Assert.All(written, name => Assert.True(problem.Properties!.ContainsKey(name), $"{name} is written but not in the schema."));
        Assert.Equal(JsonSchemaType.String, problem.Properties![UnhandledFaults.TraceIdMember].Type);
    }

    [Fact]
    public void Create_Download_Answers409WithRetryAfterAndZip()
    {
        var path = OpenApiTestData.Parsed.Document!.Paths.Keys.Single(p => p.StartsWith("/download/", StringComparison.Ordinal));
        var operation = Operation("GET", path);

        Assert.Contains("application/zip", operation.Responses!["200"].Content!.Keys);
        Assert.Contains("Retry-After", operation.Responses["409"].Headers!.Keys);
    }

    [Theory]
    [InlineData("status-job/{jobId}", "/status-job/{jobId}")]
    [InlineData("/images/{jobId:guid}/{filename}", "/images/{jobId}/{filename}")]
    [InlineData("docs/{*asset}", "/docs/{asset}")]
    [InlineData("files/{name?}", "/files/{name}")]
    [InlineData("openapi.json", "/openapi.json")]
    [InlineData("{page:maxlength(0)?}", "/")]
    [InlineData("files/{name:maxlength(0)?}", "/files")]
    public void PathOf_RouteTemplate_DropsConstraintsAndMarkers(string route, string path)
    {
        Assert.Equal(path, OpenApiDocumentFactory.PathOf(route));
        Assert.Equal(path, OpenApiTestData.ToPath(route));
    }

    private const string ApiProblemSchemaName = OpenApiDocumentFactory.ProblemSchemaName;

    private static TheoryData<object> Rows(IEnumerable<object> samples)
    {
        var rows = new TheoryData<object>();
        foreach (var sample in samples)
        {
            rows.Add(sample);
        }

        return rows;
    }

    private static IOpenApiSchema ComponentSchema(string name)
    {
        Assert.True(OpenApiTestData.Parsed.Document!.Components!.Schemas!.TryGetValue(name, out var schema), $"No component schema {name}.");
        return schema!;
    }

    private static OpenApiOperation Operation(string method, string path)
    {
        Assert.True(OpenApiTestData.Parsed.Document!.Paths.TryGetValue(path, out var item), $"No path {path}.");
        return item!.Operations![new HttpMethod(method)];
    }

    private static class UndocumentedFunction
    {
        [Function("Undocumented")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "undocumented")] HttpRequest req) => TypedResults.Ok();
    }

    private static class AnyMethodFunction
    {
        [Function("AnyMethod")]
        [OpenApiOperation(OpenApiTags.Service, "Any method", "Takes every method.")]
        [OpenApiResponse(200, "Done.")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, Route = "any")] HttpRequest req) => TypedResults.Ok();
    }

    private static class TwoMethodFunction
    {
        [Function("TwoMethods")]
        [OpenApiOperation(OpenApiTags.Service, "Two methods", "Takes GET and POST.")]
        [OpenApiResponse(200, "Done.")]
        public static IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "both")] HttpRequest req) => TypedResults.Ok();
    }
}
