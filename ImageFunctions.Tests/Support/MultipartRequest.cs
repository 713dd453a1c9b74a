using System.Net.Http.Headers;

namespace ImageFunctions.Tests.Support;

/// <summary>A multipart/form-data body, as a browser or curl sends it.</summary>
public sealed class MultipartRequest
{
    public MultipartFormDataContent Content { get; } = new("----imagefunctions-test-boundary");

    public MultipartRequest File(string fileName, byte[] bytes, string field = "files", string contentType = "application/octet-stream")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        Content.Add(part, field, fileName);
        return this;
    }

    public MultipartRequest Field(string name, string value)
    {
        Content.Add(new StringContent(value), name);
        return this;
    }
}
