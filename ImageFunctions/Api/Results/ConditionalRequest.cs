using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageFunctions.Api.Results;

/// <summary>
/// The <c>If-None-Match</c> rule of every result served with an ETag: the client's copy is current (answer 304) when the
/// header lists <c>*</c> or one of the current tags under weak comparison (RFC 9110: <c>W/"x"</c> matches <c>"x"</c>).
/// </summary>
public static class ConditionalRequest
{
    /// <summary>True when <paramref name="request"/>'s <c>If-None-Match</c> is <c>*</c> or weakly matches one of <paramref name="current"/>.</summary>
    public static bool IsNotModified(HttpRequest request, params ReadOnlySpan<EntityTagHeaderValue> current)
    {
        ArgumentNullException.ThrowIfNull(request);
        foreach (var tag in request.GetTypedHeaders().IfNoneMatch)
        {
            if (tag.Equals(EntityTagHeaderValue.Any))
            {
                return true;
            }

            foreach (var candidate in current)
            {
                if (tag.Compare(candidate, useStrongComparison: false))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
