using ImageFunctions.Functions;
using Microsoft.DurableTask;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// Registers the catalog's orchestrator and activity functions with the Durable Task SDK's <see cref="DurableTaskRegistry"/>,
/// so the very same methods run: orchestrators get their <see cref="TaskOrchestrationContext"/>, activities their typed input,
/// a <see cref="CancellationToken"/> and a class built from the per-activity DI scope the worker creates.
/// </summary>
public static class DurableTaskRegistration
{
    /// <summary>Adds every orchestrator and activity of <paramref name="catalog"/>.</summary>
    /// <param name="registry">The worker's registry.</param>
    /// <param name="catalog">The functions.</param>
    /// <param name="rootServices">The app's root provider, for orchestrator classes that are not static (resolved late: the registry is configured before the provider exists).</param>
    /// <param name="tracker">Counts running activities and supplies their token.</param>
    public static void AddFunctions(DurableTaskRegistry registry, FunctionCatalog catalog, Func<IServiceProvider> rootServices, ActivityTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var orchestrator in catalog.Orchestrators)
        {
            var method = FunctionMethod.Create(orchestrator);
            registry.AddOrchestrator(orchestrator.Name, () => new FunctionOrchestrator(method, rootServices));
        }

        foreach (var activity in catalog.Activities)
        {
            var method = FunctionMethod.Create(activity);
            registry.AddActivity(activity.Name, services => new FunctionActivity(activity, method, services, tracker));
        }
    }

    private sealed class FunctionOrchestrator(FunctionMethod function, Func<IServiceProvider> rootServices) : ITaskOrchestrator
    {
        // The input stays raw JSON (object => JsonElement) until the orchestrator asks for it with GetInput<T>().
        public Type InputType => typeof(object);
        public Type OutputType => function.ResultType == typeof(void) ? typeof(object) : function.ResultType;

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var wrapped = new FunctionOrchestrationContext(context, input);
            var services = function.Definition.Method.IsStatic ? EmptyServices.Instance : rootServices();
            return function.InvokeAsync(new FunctionInvocation(services, wrapped, CancellationToken.None));
        }
    }

    private sealed class FunctionActivity(ActivityFunction activity, FunctionMethod function, IServiceProvider scopedServices, ActivityTracker tracker) : ITaskActivity
    {
        public Type InputType => activity.InputType;
        public Type OutputType => function.ResultType == typeof(void) ? typeof(object) : function.ResultType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            using var running = tracker.Enter();
            return await function
                .InvokeAsync(new FunctionInvocation(scopedServices, input, tracker.AbandonToken))
                .ConfigureAwait(false);
        }
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
