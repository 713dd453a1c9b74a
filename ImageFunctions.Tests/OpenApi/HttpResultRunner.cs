using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageFunctions.Tests.OpenApi;

/// <summary>What an <see cref="IResult"/> wrote.</summary>
internal sealed record ExecutedResponse(int Status, IHeaderDictionary Headers, string? ContentType, byte[] Body)
{
    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>Builds requests for function methods and executes the <see cref="IResult"/> they return, as a host would.</summary>
internal static class HttpResultRunner
{
    private static readonly IServiceProvider _services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static HttpRequest Get(string path, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        context.Response.Body = new MemoryStream();
        return context.Request;
    }

    public static async Task<ExecutedResponse> ExecuteAsync(this IResult result, HttpRequest request)
    {
        var context = request.HttpContext;
        await result.ExecuteAsync(context);
        var body = ((MemoryStream)context.Response.Body).ToArray();
        return new ExecutedResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType, body);
    }
}
