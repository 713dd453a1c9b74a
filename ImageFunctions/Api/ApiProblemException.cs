namespace ImageFunctions.Api;

/// <summary>A request the API refuses: becomes an RFC 9457 problem+json answer with this status.</summary>
public sealed class ApiProblemException(int status, string title, string detail, IDictionary<string, object?>? extensions = null, Exception? inner = null)
    : Exception(detail, inner)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IDictionary<string, object?>? Extensions { get; } = extensions;
}
