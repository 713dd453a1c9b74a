using ImageFunctions.Functions;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace ImageFunctions.Tests.Unit.Architecture;

/// <summary>
/// The app's areas (<c>ImageFunctions.Api</c>, <c>.Jobs</c>, ...: a namespace with the ones under it) form layers:
/// Hosting -> Api -> Jobs -> Storage, Imaging, Settings, Functions. Read from the compiled
/// IL (signatures, attributes and every instruction of every method body), so a use the source hides (a parent namespace's
/// type used without a using) still counts.
/// </summary>
public sealed class NamespaceDependencyTests
{
    private const string Root = "ImageFunctions";
    private static readonly Lazy<IReadOnlyDictionary<string, HashSet<string>>> Graph = new(Read);

    [Fact]
    public void AppAreas_HaveNoCycles()
    {
        var cycles = FindCycles(Graph.Value);

        Assert.True(cycles.Count == 0, "Namespace cycles:\n" + string.Join("\n", cycles.Select(c => string.Join(" -> ", c))));
    }

    [Theory]
    [InlineData("ImageFunctions.Imaging", "ImageFunctions.Api")]
    [InlineData("ImageFunctions.Imaging", "ImageFunctions.Jobs")]
    [InlineData("ImageFunctions.Imaging", "ImageFunctions.Storage")]
    [InlineData("ImageFunctions.Storage", "ImageFunctions.Jobs")]
    [InlineData("ImageFunctions.Jobs", "ImageFunctions.Api")]
    [InlineData("ImageFunctions.Api", "ImageFunctions.Hosting")]
    [InlineData("ImageFunctions.Jobs", "ImageFunctions.Hosting")]
    [InlineData("ImageFunctions.Settings", "ImageFunctions.Hosting")]
    public void LowerLayer_DoesNotUseUpperLayer(string lower, string upper)
    {
        var uses = Graph.Value
            .Where(n => InOrUnder(n.Key, lower))
            .SelectMany(n => n.Value.Where(target => InOrUnder(target, upper)).Select(target => $"{n.Key} -> {target}"))
            .ToArray();

        Assert.True(uses.Length == 0, string.Join("\n", uses));
    }

    [Fact]
    public void Graph_SeesKnownDependencies()
    {
        // The reader must see what the code really uses, or the tests above prove nothing.
        Assert.Contains("ImageFunctions.Jobs", Graph.Value["ImageFunctions.Api"]);
        Assert.Contains("ImageFunctions.Functions", Graph.Value["ImageFunctions.Hosting"]);
        Assert.Contains("ImageFunctions.Imaging", Graph.Value["ImageFunctions.Jobs"]);
    }

    private static bool InOrUnder(string name, string prefix) => name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal);

    private static Dictionary<string, HashSet<string>> Read()
    {
        using var module = ModuleDefinition.ReadModule(typeof(FunctionCatalog).Assembly.Location);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = NamespaceOf(type);
            if (from is null)
            {
                continue;
            }

            var targets = graph.TryGetValue(from, out var set) ? set : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in IlReferences.Of(type))
            {
                if (NamespaceOf(used) is { } to && to != from)
                {
                    targets.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>The area (<c>ImageFunctions.Api</c> for <c>ImageFunctions.Api.Status</c>) of the outermost declaring type, when it is the app's.</summary>
    private static string? NamespaceOf(TypeReference? type)
    {
        while (type is { IsNested: true })
        {
            type = type.DeclaringType;
        }

        type = type?.GetElementType();
        return type?.Namespace is { } ns && InOrUnder(ns, Root) && ns.Split('.') is { Length: >= 2 } parts ? $"{parts[0]}.{parts[1]}" : null;
    }

    /// <summary>Every elementary cycle's shortest witness: for each edge a -> b, a path back from b to a.</summary>
    private static List<List<string>> FindCycles(IReadOnlyDictionary<string, HashSet<string>> graph)
    {
        var cycles = new List<List<string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (from, targets) in graph)
        {
            foreach (var to in targets)
            {
                if (PathBetween(graph, to, from) is { } back && seen.Add(string.Join(",", back.Append(to).Order(StringComparer.Ordinal))))
                {
                    cycles.Add([from, .. back]);
                }
            }
        }

        return cycles;
    }

    private static List<string>? PathBetween(IReadOnlyDictionary<string, HashSet<string>> graph, string start, string goal)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [start] = null };
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            if (node == goal)
            {
                var path = new List<string>();
                for (string? at = node; at is not null; at = previous[at])
                {
                    path.Insert(0, at);
                }

                return path;
            }

            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (previous.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }
}
