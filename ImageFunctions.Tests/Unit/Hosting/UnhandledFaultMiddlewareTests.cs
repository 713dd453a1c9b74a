using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using ImageFunctions.Hosting;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageFunctions.Tests.Unit.Hosting;

/// <summary>
/// The Functions host's worker middleware. The Functions host cannot run here (Core Tools are not installable), so the
/// middleware runs on a minimal <see cref="FunctionContext"/> that holds a real <see cref="DefaultHttpContext"/> where the
/// ASP.NET Core integration (Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.1,
/// FunctionsHttpProxyingMiddleware) puts it: <c>Items["HttpRequestContext"]</c>, read back by the package's own
/// <c>GetHttpContext()</c>.
/// </summary>
public sealed class UnhandledFaultMiddlewareTests
{
    private const string Secret = "secret-host.internal:10000 refused";

    private readonly UnhandledFaultMiddleware _middleware = new(NullLogger<UnhandledFaultMiddleware>.Instance);

    [Fact]
    public void TestContext_PutsTheHttpContextWhereTheIntegrationPackageFindsIt()
    {
        var http = TestHttpContexts.Create();

        Assert.Same(http, new TestFunctionContext(http).GetHttpContext());
    }

    [Theory]
    [InlineData("httpTrigger", true)]
    [InlineData("HttpTrigger", true)]
    [InlineData("activityTrigger", false)]
    [InlineData("timerTrigger", false)]
    public void IsHttpFunction_LooksForAnHttpTriggerBinding(string trigger, bool expected) =>
        Assert.Equal(expected, UnhandledFaultMiddleware.IsHttpFunction(new TestFunctionContext(null, trigger, "durableClient")));

    [Theory]
    [InlineData(typeof(InvalidOperationException), 500)]
    [InlineData(typeof(TimeoutException), 503)]
    public async Task Invoke_FunctionThrows_AnswersProblemJsonWithTraceId(Type exceptionType, int status)
    {
        var http = TestHttpContexts.Create();

        await _middleware.Invoke(new TestFunctionContext(http), _ => throw (Exception)Activator.CreateInstance(exceptionType, Secret)!);

        var problem = TestHttpContexts.ResponseJson(http);
        Assert.Equal(status, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(http.TraceIdentifier, problem.GetProperty("traceId").GetString());
        Assert.Equal(status == 503 ? "5" : "", http.Response.Headers.RetryAfter.ToString());
        Assert.DoesNotContain(Secret, problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ReturnedResultFailsBeforeAnswering_ResultIsWrappedAndAnswers503()
    {
        var http = TestHttpContexts.Create(path: "/download/0123456789abcdef0123456789abcdef");
        var context = new TestFunctionContext(http);
        var bindings = context.Bindings;

        await _middleware.Invoke(context, _ =>
        {
            bindings.InvocationResult = new ZipOfUnreachableStore();
            return Task.CompletedTask;
        });

        // The ASP.NET Core integration executes what the invocation result holds once the middleware has returned.
        var executed = Assert.IsAssignableFrom<IResult>(bindings.InvocationResult);
        Assert.IsNotType<ZipOfUnreachableStore>(executed);
        await executed.ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.Empty(http.Response.Headers.ContentDisposition.ToString());
        Assert.Equal(http.TraceIdentifier, TestHttpContexts.ResponseJson(http).GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Invoke_NoHttpContext_LetsTheExceptionGo()
    {
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _middleware.Invoke(new TestFunctionContext(null), _ => throw new InvalidOperationException(Secret)));

        Assert.Equal(Secret, thrown.Message);
    }

    [Fact]
    public async Task Invoke_RequestAborted_LetsTheExceptionGo()
    {
        var http = TestHttpContexts.Create();
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        http.RequestAborted = aborted.Token;

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            _middleware.Invoke(new TestFunctionContext(http), _ => throw new OperationCanceledException(aborted.Token)));
    }

    /// <summary>Sets the download's headers, then fails to open the first blob: nothing has been sent yet.</summary>
    private sealed class ZipOfUnreachableStore : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/zip";
            httpContext.Response.Headers.ContentDisposition = "attachment; filename=job.zip";
            throw new StorageUnavailableException(Secret, new IOException(Secret));
        }
    }

    /// <summary>
    /// A function invocation as the worker hands it to middleware, with only what the middleware reads: the items, the
    /// function's bindings and the worker's bindings feature (an internal interface of Microsoft.Azure.Functions.Worker.Core,
    /// so a <see cref="DispatchProxy"/> stands in for it: <c>GetInvocationResult()</c> reads and writes it).
    /// </summary>
    private sealed class TestFunctionContext : FunctionContext
    {
        private const string HttpContextKey = "HttpRequestContext";

        public TestFunctionContext(HttpContext? http, params string[] inputBindings)
        {
            if (http is not null)
            {
                Items[HttpContextKey] = http;
            }

            var bindingsType = typeof(FunctionContext).Assembly.GetType("Microsoft.Azure.Functions.Worker.Context.Features.IFunctionBindingsFeature", throwOnError: true)!;
            Bindings = (BindingsFeature)DispatchProxy.Create(bindingsType, typeof(BindingsFeature));
            Features.Add(bindingsType, Bindings);
            FunctionDefinition = new TestFunctionDefinition(inputBindings.Length == 0 ? ["httpTrigger"] : inputBindings);
        }

        public BindingsFeature Bindings { get; }

        public override string InvocationId => "invocation-1";
        public override string FunctionId => "function-1";
        public override TraceContext TraceContext => throw new NotSupportedException();
        public override BindingContext BindingContext => throw new NotSupportedException();
        public override RetryContext RetryContext => throw new NotSupportedException();
        public override IServiceProvider InstanceServices { get; set; } = null!;
        public override FunctionDefinition FunctionDefinition { get; }
        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
        public override TestFeatures Features { get; } = new();
    }

    /// <summary>Stands in for the worker's internal bindings feature; only the invocation result is used.</summary>
    public class BindingsFeature : DispatchProxy
    {
        public object? InvocationResult { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            "get_InvocationResult" => InvocationResult,
            "set_InvocationResult" => InvocationResult = args![0],
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }

    private sealed class TestFeatures : IInvocationFeatures
    {
        private readonly Dictionary<Type, object> _features = [];

        public void Add(Type type, object feature) => _features[type] = feature;

        public void Set<T>(T instance) => _features[typeof(T)] = instance!;

        public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class TestFunctionDefinition(IEnumerable<string> inputBindings) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => typeof(TestFunctionDefinition).Assembly.Location;
        public override string EntryPoint => "Test.Function";
        public override string Id => "function-1";
        public override string Name => "Function";

        public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; } =
            inputBindings.Select((type, i) => new TestBinding("binding" + i, type)).ToImmutableDictionary(b => b.Name, b => (BindingMetadata)b);

        public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; } = ImmutableDictionary<string, BindingMetadata>.Empty;
    }

    private sealed class TestBinding(string name, string type) : BindingMetadata
    {
        public override string Name => name;
        public override string Type => type;
        public override BindingDirection Direction => BindingDirection.In;
    }
}
