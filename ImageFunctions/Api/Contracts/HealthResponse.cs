using System.Text.Json.Serialization;

namespace ImageFunctions.Api.Contracts;

/// <summary>The answer of <c>GET /health</c>: 200 when every check is healthy, 503 otherwise.</summary>
public sealed record HealthResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] IReadOnlyDictionary<string, HealthCheckResult> Checks);

/// <summary>One dependency's health: its state and which backend it is, never why it failed (that is logged).</summary>
public sealed record HealthCheckResult(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("backend")] string Backend);
