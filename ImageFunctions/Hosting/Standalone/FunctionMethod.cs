using System.Reflection;
using System.Runtime.ExceptionServices;
using ImageFunctions.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>What the host hands a function when it runs it: a scoped provider, the trigger value, a token, and the HTTP context for HTTP functions.</summary>
public sealed record FunctionInvocation(
    IServiceProvider Services,
    object? TriggerValue,
    CancellationToken CancellationToken,
    HttpContext? HttpContext = null);

/// <summary>
/// One <c>[Function]</c> method made callable with the parameters this app's functions take: the trigger value,
/// a <see cref="CancellationToken"/>, a <c>[DurableClient]</c> <see cref="DurableTaskClient"/> and, for HTTP functions,
/// string route parameters by name. A class that is not static is built per call with <see cref="ActivatorUtilities"/>
/// from the invocation's scoped provider, as the Functions worker does. Anything else fails at start-up, naming the parameter.
/// </summary>
public sealed class FunctionMethod
{
    private readonly ObjectFactory? _factory;
    private readonly Func<FunctionInvocation, object?>[] _binders;
    private readonly PropertyInfo? _taskResult;

    private FunctionMethod(DeclaredFunction definition, ObjectFactory? factory, Func<FunctionInvocation, object?>[] binders)
    {
        Definition = definition;
        _factory = factory;
        _binders = binders;
        var returnType = definition.Method.ReturnType;
        var isGenericTask = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>);
        _taskResult = isGenericTask ? returnType.GetProperty(nameof(Task<object>.Result)) : null;
        ResultType = isGenericTask ? returnType.GetGenericArguments()[0] : returnType == typeof(Task) ? typeof(void) : returnType;
    }

    public DeclaredFunction Definition { get; }

    /// <summary>The awaited return type (<c>Task&lt;T&gt;</c> gives <c>T</c>; <c>Task</c> and <c>void</c> give <see cref="void"/>).</summary>
    public Type ResultType { get; }

    /// <summary>Validates every parameter of <paramref name="definition"/> and prepares its binders.</summary>
    public static FunctionMethod Create(DeclaredFunction definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var routeParameters = definition is HttpFunction http
            ? RoutePatternFactory.Parse(http.Route).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase)
            : [];
        var binders = definition.Method.GetParameters()
            .Select(p => p.Position == definition.Trigger.Position ? (i => i.TriggerValue) : Bind(definition, p, routeParameters))
            .ToArray();
        var method = definition.Method;
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        return new FunctionMethod(definition, factory, binders);
    }

    /// <summary>Runs the function and returns its awaited result (null for <c>Task</c>/<c>void</c>).</summary>
    /// <remarks>
    /// No <c>ConfigureAwait(false)</c> here: orchestrators must resume on the orchestration's own scheduler,
    /// or the Durable Task executor never sees them complete.
    /// </remarks>
    public async Task<object?> InvokeAsync(FunctionInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var target = _factory?.Invoke(invocation.Services, null);
        try
        {
            object? returned;
            try
            {
                returned = Definition.Method.Invoke(target, [.. _binders.Select(bind => bind(invocation))]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            if (returned is not Task task)
            {
                return returned;
            }

            await task;
            return _taskResult?.GetValue(task);
        }
        finally
        {
            (target as IDisposable)?.Dispose();
        }
    }

    private static Func<FunctionInvocation, object?> Bind(DeclaredFunction function, ParameterInfo parameter, IReadOnlySet<string> routeParameters)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return invocation => invocation.CancellationToken;
        }

        if (type == typeof(DurableTaskClient) && parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            return invocation => invocation.Services.GetRequiredService<DurableTaskClient>();
        }

        if (type == typeof(string) && parameter.Name is { } name && routeParameters.Contains(name))
        {
            return invocation => invocation.HttpContext?.Request.RouteValues.TryGetValue(name, out var value) == true ? value?.ToString() : null;
        }

        throw new InvalidOperationException(
            $"Function '{function.Name}' ({function.Describe()}): parameter '{parameter.Name}' of type {type.Name} cannot be bound by the standalone host "
            + "(it binds the trigger, CancellationToken, [DurableClient] DurableTaskClient and, for HTTP functions, string route parameters).");
    }
}
