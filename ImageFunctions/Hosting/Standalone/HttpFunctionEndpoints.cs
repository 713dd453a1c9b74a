using ImageFunctions.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>A row of the route table: an HTTP method (or <c>*</c> for any) and the full path template.</summary>
public sealed record RouteEntry(string Method, string Path, string FunctionName);

/// <summary>Maps every HTTP function of a <see cref="FunctionCatalog"/> on ASP.NET Core routing and executes the <see cref="IResult"/> it returns.</summary>
public static class HttpFunctionEndpoints
{
    /// <summary>Method used in <see cref="RouteEntry"/> for a function that accepts every method.</summary>
    public const string AnyMethod = "*";

    /// <summary>Maps <paramref name="functions"/> under <paramref name="routePrefix"/> (host.json's <c>extensions.http.routePrefix</c>).</summary>
    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HttpFunction> functions, string routePrefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            var pattern = Path(routePrefix, function.Route);
            var handler = CreateHandler(function);
            var builder = function.Methods.Count == 0
                ? endpoints.Map(pattern, handler)
                : endpoints.MapMethods(pattern, function.Methods, handler);
            builder.WithName(function.Name).WithDisplayName($"Function {function.Name}");
        }
    }

    /// <summary>The route table the host serves: one row per (method, path) of each HTTP function, sorted.</summary>
    public static IReadOnlyList<RouteEntry> RouteTable(IEnumerable<HttpFunction> functions, string routePrefix) =>
        functions
            .SelectMany(f => (f.Methods.Count == 0 ? [AnyMethod] : f.Methods).Select(m => new RouteEntry(m, Path(routePrefix, f.Route), f.Name)))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.Method, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// Joins prefix and route the way the Functions host does: <c>/{prefix}/{route}</c>, no doubled or trailing slashes.
    /// A route that is only an optional parameter constrained to <c>maxlength(0)</c> (the Functions host's way to serve
    /// <c>/</c>, which takes no empty route) is mapped as the empty path it means: as a parameter it would be a candidate
    /// for every one-segment path until its constraint is checked, after the method, so a wrong method on
    /// <c>/process-job</c> would answer 404 instead of 405.
    /// </summary>
    public static string Path(string routePrefix, string route)
    {
        var prefix = (routePrefix ?? "").Trim('/');
        var tail = IsEmptyOnly(route) ? "" : (route ?? "").Trim('/');
        return "/" + string.Join('/', new[] { prefix, tail }.Where(s => s.Length > 0));
    }

    /// <summary>True for a route such as <c>{page:maxlength(0)?}</c>: one optional parameter that only the empty string satisfies.</summary>
    public static bool IsEmptyOnly(string? route)
    {
        if (string.IsNullOrWhiteSpace(route))
        {
            return false;
        }

        var pattern = RoutePatternFactory.Parse(route);
        return pattern.PathSegments is [{ Parts: [RoutePatternParameterPart { IsOptional: true } parameter] }]
            && parameter.ParameterPolicies.Any(policy => policy.Content is { } content
                && content.Replace(" ", "", StringComparison.Ordinal).Equals("maxlength(0)", StringComparison.OrdinalIgnoreCase));
    }

    private static RequestDelegate CreateHandler(HttpFunction function)
    {
        var method = FunctionMethod.Create(function);
        if (method.ResultType != typeof(void) && !typeof(IResult).IsAssignableFrom(method.ResultType))
        {
            throw new InvalidOperationException(
                $"HTTP function '{function.Name}' ({function.Describe()}) returns {method.ResultType.Name}; the standalone host runs functions that return IResult or Task<IResult>.");
        }

        return context => RunAsync(method, context);
    }

    private static async Task RunAsync(FunctionMethod method, HttpContext context)
    {
        var invocation = new FunctionInvocation(context.RequestServices, context.Request, context.RequestAborted, context);
        var result = await method.InvokeAsync(invocation).ConfigureAwait(false);
        if (result is IResult httpResult)
        {
            await httpResult.ExecuteAsync(context).ConfigureAwait(false);
        }
        else if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
    }
}
