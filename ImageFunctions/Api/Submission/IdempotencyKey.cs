using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF httpapi draft "The Idempotency-Key HTTP Header Field"): a string of 1 to
/// <see cref="MaxLength"/> visible ASCII characters, sent bare or as a quoted structured-field string. Only its
/// <see cref="Hash"/>, scoped to the endpoint, is ever stored.
/// </summary>
public sealed class IdempotencyKey
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Longest key, in characters (a UUID has 36).</summary>
    public const int MaxLength = 255;

    private IdempotencyKey(string hash) => Hash = hash;

    /// <summary>SHA-256 (hex) of the scope and the key: what the job state store keeps instead of the key.</summary>
    public string Hash { get; }

    /// <summary>The key of <paramref name="headers"/> for the endpoint <paramref name="scope"/>; null when none was sent.</summary>
    /// <exception cref="ApiProblemException">400: the header is repeated, empty, too long or not visible ASCII.</exception>
    public static IdempotencyKey? From(IHeaderDictionary headers, string scope)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (!headers.TryGetValue(HeaderName, out var values))
        {
            return null;
        }

        if (values.Count != 1)
        {
            throw Invalid($"Send one {HeaderName} header, not {values.Count}.");
        }

        return new IdempotencyKey(HashOf(scope, Parse(values[0])));
    }

    /// <summary>The key in <paramref name="value"/> (quotes removed).</summary>
    /// <exception cref="ApiProblemException">400: empty, too long or not visible ASCII.</exception>
    public static string Parse(string? value)
    {
        var key = value ?? "";
        if (key.Length >= 2 && key[0] == '"' && key[^1] == '"')
        {
            key = key[1..^1];
        }

        if (key.Length == 0)
        {
            throw Invalid($"The {HeaderName} header is empty; send 1 to {MaxLength} visible ASCII characters, e.g. a UUID.");
        }

        if (key.Length > MaxLength)
        {
            throw Invalid($"The {HeaderName} header is {key.Length} characters long; at most {MaxLength} are allowed.");
        }

        if (key.Any(c => c is < '!' or > '~' or '"' or '\\'))
        {
            throw Invalid($"The {HeaderName} header may contain only visible ASCII characters other than '\"' and '\\' (no spaces or control characters).");
        }

        return key;
    }

    private static string HashOf(string scope, string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key)));

    private static ApiProblemException Invalid(string detail) => new(400, "Invalid Idempotency-Key", detail);
}
