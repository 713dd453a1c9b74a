using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.App.Support;

/// <summary>Builds real multipart/form-data <see cref="HttpRequest"/>s, as a browser or curl would send them.</summary>
public sealed class MultipartRequest
{
    private readonly MultipartFormDataContent _content = new("----imagefunctions-test-boundary");

    public MultipartRequest File(string fileName, byte[] bytes, string field = "files", string contentType = "application/octet-stream")
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        _content.Add(part, field, fileName);
        return this;
    }

    public MultipartRequest Field(string name, string value)
    {
        _content.Add(new StringContent(value), name);
        return this;
    }

    /// <summary>A POST request with this body, the query string <paramref name="query"/> (e.g. "?filter=blur") and request services.</summary>
    public async Task<HttpContext> ToHttpContextAsync(string query, IServiceProvider services)
    {
        var body = await _content.ReadAsByteArrayAsync();
        var context = HttpContexts.Create(services, "POST", "/process-job", query);
        context.Request.ContentType = _content.Headers.ContentType!.ToString();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        return context;
    }
}

/// <summary>Plain <see cref="DefaultHttpContext"/>s with a readable response body.</summary>
public static class HttpContexts
{
    public static HttpContext Create(IServiceProvider services, string method, string path, string query = "")
    {
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>Executes <paramref name="result"/> against <paramref name="context"/> and returns the response.</summary>
    public static async Task<HttpResponse> ExecuteAsync(this IResult result, HttpContext context)
    {
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return context.Response;
    }

    public static byte[] BodyBytes(this HttpResponse response) => ((MemoryStream)response.Body).ToArray();

    public static string BodyText(this HttpResponse response) => System.Text.Encoding.UTF8.GetString(response.BodyBytes());

    public static System.Text.Json.JsonElement BodyJson(this HttpResponse response) =>
        System.Text.Json.JsonDocument.Parse(response.BodyBytes()).RootElement;
}
