using System.Text.Json;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.OpenApi;
using Microsoft.Extensions.Configuration;

namespace ImageFunctions.Tests.Browser;

/// <summary>Opens <c>/docs</c> of the real standalone host in headless Chromium over the DevTools protocol, as a user would.</summary>
public sealed class DocsPageBrowserTests
{
    private static readonly TimeSpan _renderTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Docs_InHeadlessChromium_RendersEveryOperationWithoutFailedRequests()
    {
        var expected = OpenApiTestData.DocumentedOperations().Count;
        var root = Directory.CreateTempSubdirectory("imagefunctions-docs-").FullName;
        await using var app = await StandaloneHost.CreateAsync(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = "",
            ["AzureWebJobsStorage"] = "",
            ["ImageFunctions:Redis:ConnectionString"] = "",
            ["ImageFunctions:Storage:LocalRoot"] = root,
        }));
        var address = new Uri(app.Address.TrimEnd('/') + "/");
        await using var browser = await ChromiumBrowser.StartAsync();
        await using var page = await browser.OpenPageAsync();
        await page.SendAsync("Network.enable");
        await page.SendAsync("Runtime.enable");
        await page.SendAsync("Page.enable");

        await page.SendAsync("Page.navigate", new { url = app.DocsUrl });
        var rendered = await WaitForOperationsAsync(page, expected);
        await Task.Delay(500); // let late requests (icons) finish and report.

        var events = page.Events;
        var urls = RequestUrls(events);
        Assert.True(rendered == expected, $"Swagger UI rendered {rendered} of {expected} operations.\n{Describe(events)}\nBrowser log:\n{browser.Log}");
        Assert.Empty(events.Where(e => e.Method == "Network.loadingFailed")
            .Select(e => $"{urls.GetValueOrDefault(e.Params.GetProperty("requestId").GetString()!)}: {e.Params.GetProperty("errorText").GetString()}"));
        Assert.Empty(events.Where(e => e.Method == "Network.responseReceived" && e.Params.GetProperty("response").GetProperty("status").GetInt32() >= 400)
            .Select(e => $"{e.Params.GetProperty("response").GetProperty("url").GetString()}: {e.Params.GetProperty("response").GetProperty("status").GetInt32()}"));
        Assert.Empty(events.Where(e => e.Method == "Runtime.exceptionThrown").Select(e => e.Params.ToString()));
        Assert.Contains(urls.Values, u => u.EndsWith("/openapi.json", StringComparison.Ordinal));
        Assert.All(urls.Values, u => Assert.True(
            u.StartsWith(address.AbsoluteUri, StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal),
            $"The page fetched {u} from outside the app."));
    }

    private static async Task<int> WaitForOperationsAsync(CdpSession page, int expected)
    {
        var deadline = DateTime.UtcNow + _renderTimeout;
        var count = 0;
        while (DateTime.UtcNow < deadline)
        {
            var value = await page.EvaluateAsync("document.querySelectorAll('.opblock').length");
            count = value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 0;
            if (count >= expected)
            {
                break;
            }

            await Task.Delay(200);
        }

        return count;
    }

    private static Dictionary<string, string> RequestUrls(IEnumerable<CdpEvent> events) =>
        events.Where(e => e.Method == "Network.requestWillBeSent")
            .GroupBy(e => e.Params.GetProperty("requestId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Last().Params.GetProperty("request").GetProperty("url").GetString()!);

    private static string Describe(IEnumerable<CdpEvent> events) =>
        string.Join('\n', events
            .Where(e => e.Method is "Network.responseReceived" or "Network.loadingFailed" or "Runtime.exceptionThrown" or "Runtime.consoleAPICalled")
            .Select(e => $"{e.Method} {Truncate(e.Params.ToString())}"));

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
