using Microsoft.Azure.Functions.Worker;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The minimal <see cref="FunctionContext"/> the standalone host gives functions that ask for one: invocation id, services
/// (so <c>GetLogger</c> works), items and the cancellation token. Binding data and features belong to the Functions host
/// and throw <see cref="NotSupportedException"/>.
/// </summary>
public sealed class StandaloneFunctionContext(string functionName, IServiceProvider services, CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString("N");
    public override string FunctionId => functionName;
    public override IServiceProvider InstanceServices { get; set; } = services;
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override CancellationToken CancellationToken => cancellationToken;
    public override TraceContext TraceContext => throw NotInStandalone(nameof(TraceContext));
    public override BindingContext BindingContext => throw NotInStandalone(nameof(BindingContext));
    public override RetryContext RetryContext => throw NotInStandalone(nameof(RetryContext));
    public override FunctionDefinition FunctionDefinition => throw NotInStandalone(nameof(FunctionDefinition));
    public override IInvocationFeatures Features => throw NotInStandalone(nameof(Features));

    private static NotSupportedException NotInStandalone(string member) =>
        new($"FunctionContext.{member} is only available in the Azure Functions host, not in the standalone host.");
}
