using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Api;

/// <summary>Builds the API's problem+json answers (RFC 9457).</summary>
public static class Problems
{
    private const string TypeBase = "https://httpstatuses.io/";

    public static IResult From(ApiProblemException problem) =>
        Create(problem.Status, problem.Title, problem.Message, problem.Extensions);

    public static IResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not Found", detail);

    public static IResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad Request", detail);

    public static IResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, instance: null, statusCode: status, title: title, type: TypeBase + status, extensions: extensions);
}
