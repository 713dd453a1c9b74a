using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageFunctions.Tests.Standalone.Samples;

namespace ImageFunctions.Tests.Standalone;

/// <summary>The standalone host binds and runs functions written like the app's, over real HTTP on loopback.</summary>
public sealed class SampleHostTests(SampleHostFixture host) : IClassFixture<SampleHostFixture>
{
    [Fact]
    public void CreateAsync_Port0_BindsLoopbackAndUsesInMemoryBackend()
    {
        Assert.StartsWith("http://127.0.0.1:", host.App.Address, StringComparison.Ordinal);
        Assert.DoesNotContain(":0", host.App.Address[^2..], StringComparison.Ordinal);
        Assert.Equal("in-memory", host.App.Backends.Durable);
    }

    [Fact]
    public async Task Get_RouteParameter_BindsByNameAndResolvesClassFromDi()
    {
        var text = await host.Client.GetStringAsync("/api/hello/world");

        Assert.Equal("hello world", text);
    }

    [Fact]
    public async Task Post_CatchAllRouteAndBody_BindsRestAndCancellationToken()
    {
        using var response = await host.Client.PostAsync("/api/echo/a/b/c.png", new StringContent("payload"));
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("a/b/c.png", json.GetProperty("rest").GetString());
        Assert.Equal("payload", json.GetProperty("body").GetString());
        Assert.True(json.GetProperty("cancellable").GetBoolean());
    }

    [Fact]
    public async Task Get_OnPostOnlyRoute_Is405()
    {
        using var response = await host.Client.GetAsync("/api/echo/x");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task AnyMethod_NoRouteNoMethods_UsesFunctionNameAndFunctionContext(string method)
    {
        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/SampleAnyMethod"));

        Assert.Equal($"{method} SampleAnyMethod", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_UnknownRoute_IsProblemJson404()
    {
        using var response = await host.Client.GetAsync("/api/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_FunctionThrows_IsProblemJson500()
    {
        using var response = await host.Client.GetAsync("/api/fail");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task FanOut_DurableClientStartsOrchestrator_ActivitiesRunOnSidecar()
    {
        using var response = await host.Client.PostAsync("/api/fan-out/12", content: null);
        var result = await response.Content.ReadFromJsonAsync<FanOutResult>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new FanOutResult(650, 12, "hello durable from SampleGreet"), result);
    }

    [Fact]
    public async Task Timer_EverySecond_Fires()
    {
        var before = TickCounter.Ticks;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (TickCounter.Ticks < before + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(TickCounter.Ticks >= before + 2, $"ticks: {TickCounter.Ticks - before}");
    }
}
