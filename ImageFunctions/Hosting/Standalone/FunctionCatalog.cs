using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>An HTTP-triggered function: its methods (upper case; empty = any) and route template (without the host's prefix).</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, AuthorizationLevel AuthLevel, FunctionMethod Function);

/// <summary>An <c>[OrchestrationTrigger]</c> function.</summary>
public sealed record OrchestratorFunction(string Name, FunctionMethod Function);

/// <summary>An <c>[ActivityTrigger]</c> function; <see cref="InputType"/> is the trigger parameter's type.</summary>
public sealed record ActivityFunction(string Name, Type InputType, FunctionMethod Function);

/// <summary>A <c>[TimerTrigger]</c> function with its raw schedule expression.</summary>
public sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, FunctionMethod Function);

/// <summary>
/// Every <c>[Function]</c> method of an assembly, sorted by trigger kind. The attributes are the one source of truth:
/// the Functions SDK generates <c>functions.metadata</c> from them and the standalone host maps the same methods.
/// Unsupported triggers or parameters fail here, at start-up, with the function's name.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(
        IReadOnlyList<HttpFunction> http,
        IReadOnlyList<OrchestratorFunction> orchestrators,
        IReadOnlyList<ActivityFunction> activities,
        IReadOnlyList<TimerFunction> timers)
    {
        Http = http;
        Orchestrators = orchestrators;
        Activities = activities;
        Timers = timers;
    }

    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<OrchestratorFunction> Orchestrators { get; }
    public IReadOnlyList<ActivityFunction> Activities { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }

    /// <summary>Reflects <paramref name="assembly"/>; throws <see cref="InvalidOperationException"/> for anything it cannot host.</summary>
    public static FunctionCatalog FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return FromTypes(assembly.GetTypes());
    }

    /// <summary>The functions declared by <paramref name="types"/>; throws <see cref="InvalidOperationException"/> for anything it cannot host.</summary>
    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var http = new List<HttpFunction>();
        var orchestrators = new List<OrchestratorFunction>();
        var activities = new List<ActivityFunction>();
        var timers = new List<TimerFunction>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        foreach (var method in FindFunctionMethods(types))
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            if (!names.Add(name))
            {
                throw new InvalidOperationException($"Two functions are named '{name}' ({Describe(method)}).");
            }

            var (trigger, attribute) = FindTrigger(method, name);
            var function = FunctionMethod.Create(name, method, trigger);
            switch (attribute)
            {
                case HttpTriggerAttribute h:
                    http.Add(new HttpFunction(
                        name,
                        (h.Methods ?? []).Select(m => m.ToUpperInvariant()).ToArray(),
                        string.IsNullOrEmpty(h.Route) ? name : h.Route.Trim('/'),
                        h.AuthLevel,
                        function));
                    break;
                case OrchestrationTriggerAttribute:
                    orchestrators.Add(new OrchestratorFunction(name, function));
                    break;
                case ActivityTriggerAttribute:
                    activities.Add(new ActivityFunction(name, trigger.ParameterType, function));
                    break;
                case TimerTriggerAttribute t:
                    timers.Add(new TimerFunction(name, t.Schedule, t.RunOnStartup, function));
                    break;
            }
        }

        return new FunctionCatalog(http, orchestrators, activities, timers);
    }

    private static IEnumerable<MethodInfo> FindFunctionMethods(IEnumerable<Type> types) =>
        types
            .Where(t => t is { IsClass: true, IsGenericTypeDefinition: false })
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .OrderBy(m => m.DeclaringType!.FullName, StringComparer.Ordinal)
            .ThenBy(m => m.Name, StringComparer.Ordinal);

    private static (ParameterInfo Parameter, Attribute Attribute) FindTrigger(MethodInfo method, string name)
    {
        (ParameterInfo, Attribute)? found = null;
        foreach (var parameter in method.GetParameters())
        {
            foreach (var attribute in parameter.GetCustomAttributes())
            {
                var isTrigger = attribute.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal);
                if (!isTrigger)
                {
                    continue;
                }

                if (attribute is not (HttpTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute or TimerTriggerAttribute))
                {
                    throw new InvalidOperationException(
                        $"Function '{name}' ({Describe(method)}) uses {attribute.GetType().Name}, which the standalone host does not support "
                        + "(supported: HttpTrigger, OrchestrationTrigger, ActivityTrigger, TimerTrigger).");
                }

                if (found is not null)
                {
                    throw new InvalidOperationException($"Function '{name}' ({Describe(method)}) has more than one trigger.");
                }

                found = (parameter, attribute);
            }
        }

        return found ?? throw new InvalidOperationException($"Function '{name}' ({Describe(method)}) has no trigger parameter.");
    }

    internal static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
