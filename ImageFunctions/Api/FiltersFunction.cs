using ImageFunctions.Api.OpenApi;
using ImageFunctions.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api;

/// <summary><c>GET /filters</c>: every filter with its parameters and description.</summary>
public static class FiltersFunction
{
    [Function("ListFilters")]
    [OpenApiOperation(OpenApiTags.Service, "List the filters", "Every filter with its description and parameters.")]
    [OpenApiResponse(200, "The filters.", typeof(IReadOnlyList<FilterInfo>))]
    public static IResult ListFilters(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "filters")] HttpRequest req) =>
        TypedResults.Ok(FilterCatalog.All);
}
