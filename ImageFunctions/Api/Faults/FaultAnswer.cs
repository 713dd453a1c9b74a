namespace ImageFunctions.Api.Faults;

/// <summary>
/// What an exception no function handled becomes on the wire: a problem's status, title and detail (never the exception's
/// own text), and the seconds a client should wait before trying again (503 only).
/// </summary>
public sealed record FaultAnswer(int Status, string Title, string Detail, int? RetryAfterSeconds = null);
