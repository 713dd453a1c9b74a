using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Unit.Contract;

/// <summary>
/// Finds routes that could take each other's requests. The Functions host tries HTTP routes in the order of their function
/// names, not by ASP.NET Core's precedence, so two routes that can match the same path are a bug waiting for a rename.
/// Each route template gets sample paths (every parameter filled with a few candidate values, optional and catch-all
/// parameters also left empty, each sample kept only when its own route matches it, constraints included); a route
/// shadows another when one of the other's samples matches it.
/// </summary>
public static class RouteShadowing
{
    private static readonly string[] Candidates = ["sample", "1", "a.png", "0123456789abcdef0123456789abcdef"];

    private static readonly IInlineConstraintResolver Constraints =
        new DefaultInlineConstraintResolver(Options.Create(new RouteOptions()), new ServiceCollection().BuildServiceProvider());

    /// <summary>Every (route, other route, sample path) where the sample path of <c>other</c> also matches <c>route</c>.</summary>
    public static IReadOnlyList<string> Conflicts(IReadOnlyCollection<string> routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var conflicts = new List<string>();
        foreach (var route in routes)
        {
            foreach (var other in routes.Where(r => !ReferenceEquals(r, route)))
            {
                conflicts.AddRange(SamplePaths(other).Where(path => Matches(route, path)).Select(path => $"'{route}' also matches '/{path}' of '{other}'"));
            }
        }

        return conflicts;
    }

    /// <summary>Concrete paths (without the leading slash) that <paramref name="route"/> itself matches.</summary>
    public static IReadOnlyList<string> SamplePaths(string route)
    {
        var template = TemplateParser.Parse(route);
        IEnumerable<string[]> paths = [[]];
        foreach (var segment in template.Segments)
        {
            var options = SegmentOptions(segment).ToArray();
            paths = paths.SelectMany(path => options.Select(option => (string[])[.. path, option]));
        }

        return paths
            .Select(parts => string.Join('/', parts).TrimEnd('/'))
            .Distinct(StringComparer.Ordinal)
            .Where(path => Matches(route, path))
            .ToArray();
    }

    /// <summary>True when <paramref name="route"/> matches <paramref name="path"/>, inline constraints included.</summary>
    public static bool Matches(string route, string path)
    {
        var template = TemplateParser.Parse(route);
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(template, new RouteValueDictionary()).TryMatch(new PathString("/" + path), values))
        {
            return false;
        }

        foreach (var parameter in template.Parameters)
        {
            if (!values.TryGetValue(parameter.Name!, out var value) || value is null)
            {
                continue; // an absent optional value is not checked by its constraints
            }

            foreach (var inline in parameter.InlineConstraints)
            {
                var constraint = Constraints.ResolveConstraint(inline.Constraint)
                    ?? throw new InvalidOperationException($"Unknown route constraint '{inline.Constraint}' in '{route}'.");
                if (!constraint.Match(null, null, parameter.Name!, values, RouteDirection.IncomingRequest))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static IEnumerable<string> SegmentOptions(TemplateSegment segment)
    {
        if (segment.Parts.Count != 1 || !segment.Parts[0].IsParameter)
        {
            // Literals, and complex segments such as {name}.{ext}, which none of our routes use: the text as written.
            return [string.Concat(segment.Parts.Select(p => p.IsParameter ? Candidates[0] : p.Text))];
        }

        var parameter = segment.Parts[0];
        return parameter switch
        {
            { IsCatchAll: true } => ["", .. Candidates, "a/b"],
            { IsOptional: true } => ["", .. Candidates],
            _ => Candidates,
        };
    }
}
