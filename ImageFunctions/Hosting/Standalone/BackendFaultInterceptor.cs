using Grpc.Core;
using Grpc.Core.Interceptors;
using ImageFunctions.Api.Faults;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The sidecar's answer when its backend's storage fails (the Azure Storage backend reading Table storage that is down):
/// <see cref="StatusCode.Unavailable"/>, which the app's Durable client turns into a 503 with <c>Retry-After</c>
/// (<see cref="UnhandledFaults"/>), instead of gRPC's <see cref="StatusCode.Unknown"/> for any handler exception, a 500.
/// The backend wraps storage faults (in <c>DurableTaskStorageException</c>, in the SDK's <see cref="AggregateException"/> of
/// spent retries), so the whole chain of inner exceptions is looked at.
/// </summary>
internal sealed class BackendFaultInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException && IsTransient(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The Durable backend's storage did not answer.", ex));
        }
    }

    /// <summary>True when <paramref name="exception"/> or one it wraps is a fault <see cref="UnhandledFaults"/> answers with 503.</summary>
    internal static bool IsTransient(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        for (var seen = 0; pending.Count > 0 && seen < 32; seen++)
        {
            var current = pending.Pop();
            if (current is not AggregateException && UnhandledFaults.Classify(current).Status == StatusCodes.Status503ServiceUnavailable)
            {
                return true;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }

        return false;
    }
}
