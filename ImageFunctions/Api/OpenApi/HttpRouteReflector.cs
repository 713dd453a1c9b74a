using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Api.OpenApi;

/// <summary>One HTTP function as its attributes declare it: name, lower-case methods and route template.</summary>
public sealed record HttpFunctionRoute(string FunctionName, IReadOnlyList<string> Methods, string Route)
{
    /// <summary>The OpenAPI path of <see cref="Route"/>: leading slash, constraints and catch-all markers removed.</summary>
    public string OpenApiPath => HttpRouteReflector.ToOpenApiPath(Route);

    /// <summary>The route with every parameter replaced by <c>{}</c>, e.g. <c>status-job/{}</c>: what the operation catalog is keyed by.</summary>
    public string Shape => HttpRouteReflector.ToShape(Route);

    /// <summary>The route's parameters in order of appearance.</summary>
    public IReadOnlyList<RoutePatternParameterPart> Parameters => RoutePatternFactory.Parse(Route).Parameters;
}

/// <summary>
/// Reads the <c>[Function]</c>/<c>[HttpTrigger]</c> attributes of an assembly: the one source of truth for routes,
/// the same attributes the Functions SDK turns into <c>functions.metadata</c>.
/// </summary>
public static class HttpRouteReflector
{
    /// <summary>Every HTTP-triggered function of <paramref name="assembly"/>, ordered by route then name.</summary>
    public static IReadOnlyList<HttpFunctionRoute> FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var routes = new List<HttpFunctionRoute>();
        foreach (var method in assembly.GetTypes()
                     .Where(t => t.IsClass)
                     .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)))
        {
            var function = method.GetCustomAttribute<FunctionAttribute>();
            var trigger = method.GetParameters()
                .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                .FirstOrDefault(a => a is not null);
            if (function is null || trigger is null)
            {
                continue;
            }

            var methods = trigger.Methods is { Length: > 0 } declared
                ? declared.Select(m => m.ToLowerInvariant()).Distinct().ToArray()
                : ["get"];
            var route = string.IsNullOrWhiteSpace(trigger.Route) ? function.Name : trigger.Route.Trim('/');
            routes.Add(new HttpFunctionRoute(function.Name, methods, route));
        }

        return routes
            .OrderBy(r => r.Route, StringComparer.Ordinal)
            .ThenBy(r => r.FunctionName, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary><c>images/{jobId:guid}/{*name}</c> becomes <c>/images/{jobId}/{name}</c>.</summary>
    public static string ToOpenApiPath(string route) =>
        "/" + Rewrite(route, p => "{" + p.Name + "}");

    /// <summary><c>images/{jobId}/{name}</c> becomes <c>images/{}/{}</c>.</summary>
    public static string ToShape(string route) => Rewrite(route, _ => "{}");

    private static string Rewrite(string route, Func<RoutePatternParameterPart, string> parameter)
    {
        var pattern = RoutePatternFactory.Parse(route);
        return string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart p => parameter(p),
            _ => string.Empty,
        }))));
    }
}
