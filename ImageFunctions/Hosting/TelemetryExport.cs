using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Hosting;

/// <summary>
/// Where the app's traces, metrics and logs go, read from the standard settings: Application Insights (Azure Monitor
/// exporter) when <see cref="ConnectionStringKey"/> is set, with Entra ID authentication through a managed identity when
/// <see cref="AuthenticationStringKey"/> says <c>Authorization=AAD</c>; OTLP when <see cref="OtlpEndpointKey"/> is set (the
/// exporter reads the other <c>OTEL_EXPORTER_OTLP_*</c> settings itself). Neither: spans and metrics are made for
/// in-process listeners (dotnet-counters, tests) but sent nowhere.
/// </summary>
public sealed record TelemetryExport(string? AzureMonitorConnectionString, string? ManagedIdentityClientId, bool UseManagedIdentity, string? OtlpEndpoint)
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>True when traces, metrics and logs go to Application Insights.</summary>
    public bool AzureMonitor => AzureMonitorConnectionString is not null;

    /// <summary>True when traces, metrics and logs go to an OTLP endpoint.</summary>
    public bool Otlp => OtlpEndpoint is not null;

    /// <summary>Reads the settings.</summary>
    /// <exception cref="InvalidOperationException">An authentication string this app cannot use, naming the setting.</exception>
    public static TelemetryExport From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = NullIfBlank(configuration[ConnectionStringKey]);
        var (useIdentity, clientId) = ParseAuthentication(NullIfBlank(configuration[AuthenticationStringKey]));
        var otlp = NullIfBlank(configuration[OtlpEndpointKey]);
        if (otlp is not null && (!Uri.TryCreate(otlp, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps)))
        {
            throw new InvalidOperationException($"{OtlpEndpointKey} must be an absolute http(s) URL such as http://localhost:4317; got '{otlp}'.");
        }

        return new TelemetryExport(connection, clientId, useIdentity, otlp);
    }

    /// <summary>
    /// The credential the Azure Monitor exporter authenticates with: the managed identity (user-assigned when a client id is
    /// given) under Entra ID authentication, else none (the connection string's instrumentation key alone).
    /// </summary>
    public TokenCredential? CreateCredential() =>
        !UseManagedIdentity ? null
        : ManagedIdentityClientId is { } clientId ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);

    /// <summary>
    /// <c>Authorization=AAD</c> (system-assigned identity) or <c>Authorization=AAD;ClientId=&lt;guid&gt;</c> (user-assigned),
    /// the format Azure Functions documents for this setting.
    /// </summary>
    private static (bool UseIdentity, string? ClientId) ParseAuthentication(string? text)
    {
        if (text is null)
        {
            return (false, null);
        }

        string? authorization = null;
        string? clientId = null;
        foreach (var part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split('=', 2, StringSplitOptions.TrimEntries);
            var value = pair.Length == 2 ? pair[1] : "";
            if (pair[0].Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
            else if (pair[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            {
                clientId = value.Length == 0 ? null : value;
            }
        }

        if (!string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{AuthenticationStringKey} must be 'Authorization=AAD' or 'Authorization=AAD;ClientId=<client id of the managed identity>'.");
        }

        if (clientId is not null && !Guid.TryParse(clientId, out _))
        {
            throw new InvalidOperationException($"{AuthenticationStringKey}: ClientId must be the managed identity's client id (a GUID); got '{clientId}'.");
        }

        return (true, clientId);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
