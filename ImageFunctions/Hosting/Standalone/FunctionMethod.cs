using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
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
/// One <c>[Function]</c> method made callable: its parameters are bound by type (trigger value, <see cref="CancellationToken"/>,
/// <see cref="DurableTaskClient"/>, <see cref="FunctionContext"/>, <see cref="HttpContext"/>) or, for HTTP functions, by route
/// parameter name. The declaring class, when the method is not static, is built per call with <see cref="ActivatorUtilities"/>
/// from the invocation's scoped provider, as the Functions worker does.
/// </summary>
public sealed class FunctionMethod
{
    private readonly ObjectFactory? _factory;
    private readonly Func<FunctionInvocation, object?>[] _binders;
    private readonly Func<object?, Task<object?>> _unwrap;

    private FunctionMethod(string name, MethodInfo method, Type resultType, ObjectFactory? factory, Func<FunctionInvocation, object?>[] binders, Func<object?, Task<object?>> unwrap)
    {
        Name = name;
        Method = method;
        ResultType = resultType;
        _factory = factory;
        _binders = binders;
        _unwrap = unwrap;
    }

    public string Name { get; }
    public MethodInfo Method { get; }

    /// <summary>The awaited return type (<c>Task&lt;T&gt;</c> gives <c>T</c>; <c>Task</c> and <c>void</c> give <see cref="void"/>).</summary>
    public Type ResultType { get; }

    /// <summary>Validates every parameter of <paramref name="method"/> and prepares its binders.</summary>
    public static FunctionMethod Create(string name, MethodInfo method, ParameterInfo trigger)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(trigger);
        var routeParameters = RouteParameterNames(trigger);
        var binders = method.GetParameters()
            .Select(p => p.Position == trigger.Position ? BindTrigger(name, method, p) : Bind(name, method, p, routeParameters))
            .ToArray();
        var (resultType, unwrap) = ResultUnwrapper.For(method.ReturnType);
        var factory = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
        return new FunctionMethod(name, method, resultType, factory, binders, unwrap);
    }

    /// <summary>Runs the function and returns its awaited result (null for <c>Task</c>/<c>void</c>).</summary>
    /// <remarks>
    /// No <c>ConfigureAwait(false)</c> here or in <see cref="ResultUnwrapper"/>: orchestrators must resume on the
    /// orchestration's own scheduler, or the Durable Task executor never sees them complete.
    /// </remarks>
    public async Task<object?> InvokeAsync(FunctionInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var target = _factory?.Invoke(invocation.Services, null);
        try
        {
            var arguments = new object?[_binders.Length];
            for (var i = 0; i < _binders.Length; i++)
            {
                arguments[i] = _binders[i](invocation);
            }

            object? returned;
            try
            {
                returned = Method.Invoke(target, arguments);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }

            return await _unwrap(returned);
        }
        finally
        {
            switch (target)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private static Func<FunctionInvocation, object?> BindTrigger(string name, MethodInfo method, ParameterInfo parameter)
    {
        var attribute = parameter.GetCustomAttributes().First(a => a.GetType().Name.EndsWith("TriggerAttribute", StringComparison.Ordinal));
        var expected = attribute switch
        {
            HttpTriggerAttribute => typeof(HttpRequest),
            OrchestrationTriggerAttribute => typeof(TaskOrchestrationContext),
            TimerTriggerAttribute => typeof(TimerInfo),
            _ => null,
        };
        if (expected is not null && parameter.ParameterType != expected)
        {
            throw Unsupported(name, method, parameter, $"a {attribute.GetType().Name} parameter must be of type {expected.Name}");
        }

        return invocation => invocation.TriggerValue;
    }

    private static Func<FunctionInvocation, object?> Bind(string name, MethodInfo method, ParameterInfo parameter, IReadOnlySet<string> routeParameters)
    {
        var type = parameter.ParameterType;
        if (type == typeof(CancellationToken))
        {
            return invocation => invocation.CancellationToken;
        }

        if (type == typeof(DurableTaskClient) || parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            if (type != typeof(DurableTaskClient))
            {
                throw Unsupported(name, method, parameter, "a [DurableClient] parameter must be of type DurableTaskClient");
            }

            return invocation => invocation.Services.GetRequiredService<DurableTaskClient>();
        }

        if (type == typeof(FunctionContext))
        {
            return invocation => new StandaloneFunctionContext(name, invocation.Services, invocation.CancellationToken);
        }

        if (type == typeof(HttpContext))
        {
            return invocation => invocation.HttpContext
                ?? throw new InvalidOperationException($"Function '{name}' asked for an HttpContext outside an HTTP call.");
        }

        if (type == typeof(string) && parameter.Name is { } parameterName && routeParameters.Contains(parameterName))
        {
            return invocation => invocation.HttpContext?.Request.RouteValues.TryGetValue(parameterName, out var value) == true
                ? value?.ToString()
                : null;
        }

        throw Unsupported(name, method, parameter,
            "supported are the trigger, CancellationToken, [DurableClient] DurableTaskClient, FunctionContext, HttpContext and, for HTTP functions, string route parameters");
    }

    private static IReadOnlySet<string> RouteParameterNames(ParameterInfo trigger)
    {
        if (trigger.GetCustomAttribute<HttpTriggerAttribute>() is not { Route: { Length: > 0 } route })
        {
            return new HashSet<string>();
        }

        return RoutePatternFactory.Parse(route).Parameters
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static InvalidOperationException Unsupported(string name, MethodInfo method, ParameterInfo parameter, string why) =>
        new($"Function '{name}' ({FunctionCatalog.Describe(method)}): parameter '{parameter.Name}' of type {parameter.ParameterType.Name} "
            + $"cannot be bound by the standalone host: {why}.");
}
