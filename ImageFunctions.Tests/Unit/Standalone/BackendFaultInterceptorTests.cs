using Azure;
using ImageFunctions.Hosting.Standalone;

namespace ImageFunctions.Tests.Unit.Standalone;

/// <summary>The sidecar answers a storage fault of its backend as Unavailable (a 503 for the app), anything else as before.</summary>
public sealed class BackendFaultInterceptorTests
{
    [Fact]
    public void StorageFault_WrappedByTheBackendAndTheSdksRetries_IsTransient()
    {
        var spent = new AggregateException("Retry failed after 4 tries.", new RequestFailedException(0, "Connection refused"), new RequestFailedException(0, "Connection refused"));

        Assert.True(BackendFaultInterceptor.IsTransient(new InvalidOperationException("Table query failed.", spent)));
    }

    [Fact]
    public void Bug_IsNotTransient()
    {
        Assert.False(BackendFaultInterceptor.IsTransient(new InvalidOperationException("bug", new ArgumentException("bad"))));
    }
}
