using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Functions;

/// <summary>A <c>[Function]</c> method: its name, the method and its trigger parameter.</summary>
public abstract record DeclaredFunction(string Name, MethodInfo Method, ParameterInfo Trigger)
{
    /// <summary><c>Namespace.Type.Method</c>, for error messages.</summary>
    public string Describe() => $"{Method.DeclaringType?.FullName}.{Method.Name}";
}

/// <summary>An <c>[HttpTrigger]</c> function: its methods (upper case; empty = any, as in the Functions host) and route template.</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, MethodInfo Method, ParameterInfo Trigger)
    : DeclaredFunction(Name, Method, Trigger);

/// <summary>An <c>[OrchestrationTrigger]</c> function.</summary>
public sealed record OrchestratorFunction(string Name, MethodInfo Method, ParameterInfo Trigger) : DeclaredFunction(Name, Method, Trigger);

/// <summary>An <c>[ActivityTrigger]</c> function; its input is the trigger parameter's type.</summary>
public sealed record ActivityFunction(string Name, MethodInfo Method, ParameterInfo Trigger) : DeclaredFunction(Name, Method, Trigger)
{
    public Type InputType => Trigger.ParameterType;
}

/// <summary>A <c>[TimerTrigger]</c> function with its raw schedule expression.</summary>
public sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, MethodInfo Method, ParameterInfo Trigger)
    : DeclaredFunction(Name, Method, Trigger);

/// <summary>
/// Every <c>[Function]</c> method of the app, sorted by trigger kind: the one reader of the function attributes, which the
/// Functions SDK also turns into <c>functions.metadata</c>. The standalone host maps these functions and the OpenAPI
/// document describes them. A trigger this app does not use, or two functions of one name, fail here with the function's name.
/// </summary>
public sealed class FunctionCatalog
{
    private FunctionCatalog(IReadOnlyList<DeclaredFunction> all)
    {
        All = all;
        Http = [.. all.OfType<HttpFunction>()];
        Orchestrators = [.. all.OfType<OrchestratorFunction>()];
        Activities = [.. all.OfType<ActivityFunction>()];
        Timers = [.. all.OfType<TimerFunction>()];
    }

    /// <summary>The app's functions (this assembly).</summary>
    public static FunctionCatalog App { get; } = FromTypes(typeof(FunctionCatalog).Assembly.GetTypes());

    /// <summary>Every function, ordered by declaring type then method name.</summary>
    public IReadOnlyList<DeclaredFunction> All { get; }

    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<OrchestratorFunction> Orchestrators { get; }
    public IReadOnlyList<ActivityFunction> Activities { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }

    /// <summary>The functions declared by <paramref name="types"/>; throws <see cref="InvalidOperationException"/> for one it cannot read.</summary>
    public static FunctionCatalog FromTypes(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        var functions = new List<DeclaredFunction>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var method in FindFunctionMethods(types))
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            if (!names.Add(name))
            {
                throw new InvalidOperationException($"Two functions are named '{name}' ({Describe(method)}).");
            }

            var (trigger, attribute) = FindTrigger(method, name);
            functions.Add(attribute switch
            {
                HttpTriggerAttribute http => new HttpFunction(
                    name,
                    [.. (http.Methods ?? []).Select(m => m.ToUpperInvariant()).Distinct()],
                    string.IsNullOrEmpty(http.Route) ? name : http.Route.Trim('/'),
                    method,
                    trigger),
                OrchestrationTriggerAttribute => new OrchestratorFunction(name, method, trigger),
                ActivityTriggerAttribute => new ActivityFunction(name, method, trigger),
                TimerTriggerAttribute timer => new TimerFunction(name, timer.Schedule, timer.RunOnStartup, method, trigger),
                _ => throw new InvalidOperationException($"Function '{name}': unexpected trigger {attribute.GetType().Name}."),
            });
        }

        return new FunctionCatalog(functions);
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
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes().Where(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal)).Select(a => (p, a)))
            .ToArray();
        if (triggers.Length != 1)
        {
            throw new InvalidOperationException($"Function '{name}' ({Describe(method)}) has {triggers.Length} trigger parameters; it needs exactly one.");
        }

        var (parameter, attribute) = triggers[0];
        return attribute is HttpTriggerAttribute or OrchestrationTriggerAttribute or ActivityTriggerAttribute or TimerTriggerAttribute
            ? (parameter, attribute)
            : throw new InvalidOperationException(
                $"Function '{name}' ({Describe(method)}) uses {attribute.GetType().Name}, which the standalone host does not support "
                + "(supported: HttpTrigger, OrchestrationTrigger, ActivityTrigger, TimerTrigger).");
    }

    private static string Describe(MethodInfo method) => $"{method.DeclaringType?.FullName}.{method.Name}";
}
