using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.Support;

/// <summary>A real <see cref="DefaultHttpContext"/> whose response body can be read back, for code that writes answers.</summary>
public static class TestHttpContexts
{
    public static DefaultHttpContext Create(string method = "GET", string path = "/status-job/0123456789abcdef0123456789abcdef")
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider(),
        };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>The JSON the response body holds.</summary>
    public static JsonElement ResponseJson(HttpContext context)
    {
        var body = context.Response.Body;
        body.Position = 0;
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
