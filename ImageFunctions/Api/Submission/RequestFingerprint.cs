using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace ImageFunctions.Api.Submission;

/// <summary>
/// What makes two submissions "the same request" for an <c>Idempotency-Key</c>: SHA-256 over the query parameters that
/// matter, each file part's name and bytes in order, and the form fields. Built while the body streams (a file's bytes
/// go through a hash of their own, whose digest joins the request's), so nothing is buffered for it. Every value is
/// tagged and length-prefixed, so no two different requests frame to the same input.
/// </summary>
public sealed class RequestFingerprint : IDisposable
{
    /// <summary>The query parameters that change the job; any other query parameter is ignored, as the handler ignores it.</summary>
    public static readonly IReadOnlyList<string> QueryParameters = ["filter", "format", "quality", JobSubmissionHandler.NotifyUrlField];

    private readonly IncrementalHash _request = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private IncrementalHash? _file;

    /// <summary>A query parameter: absent, or its values in order.</summary>
    public void AddQuery(string name, IReadOnlyList<string?>? values)
    {
        AddText('Q', name);
        AddCount(values?.Count ?? -1);
        foreach (var value in values ?? [])
        {
            AddText('V', value ?? "");
        }
    }

    /// <summary>Starts a file part named <paramref name="fileName"/>; its bytes follow with <see cref="AddFileBytes"/>.</summary>
    public void BeginFile(string fileName)
    {
        if (_file is not null)
        {
            throw new InvalidOperationException("The previous file part was not ended.");
        }

        AddText('F', fileName);
        _file = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    public void AddFileBytes(ReadOnlySpan<byte> bytes) =>
        (_file ?? throw new InvalidOperationException("No file part was begun.")).AppendData(bytes);

    /// <summary>Ends the file part: its digest joins the request's.</summary>
    public void EndFile()
    {
        var file = _file ?? throw new InvalidOperationException("No file part was begun.");
        _file = null;
        Span<byte> digest = stackalloc byte[32];
        file.GetHashAndReset(digest);
        file.Dispose();
        _request.AppendData([(byte)'D']);
        _request.AppendData(digest);
    }

    /// <summary>The plain form fields, in name order (case-insensitive names, as the handler reads them).</summary>
    public void AddFields(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        AddCount(fields.Count);
        foreach (var (name, value) in fields.OrderBy(f => f.Key.ToLowerInvariant(), StringComparer.Ordinal))
        {
            AddText('N', name.ToLowerInvariant());
            AddText('V', value);
        }
    }

    /// <summary>The fingerprint, as lower-case hex; the instance is spent.</summary>
    public string Finish()
    {
        if (_file is not null)
        {
            throw new InvalidOperationException("A file part was not ended.");
        }

        return Convert.ToHexStringLower(_request.GetHashAndReset());
    }

    public void Dispose()
    {
        _file?.Dispose();
        _request.Dispose();
    }

    private void AddText(char tag, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _request.AppendData([(byte)tag]);
        AddCount(bytes.Length);
        _request.AppendData(bytes);
    }

    private void AddCount(int count)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, count);
        _request.AppendData(length);
    }
}
