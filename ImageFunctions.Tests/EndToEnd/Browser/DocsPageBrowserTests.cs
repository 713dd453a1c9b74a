using ImageFunctions.Tests.Unit.OpenApi;
using ImageFunctions.Hosting.Standalone;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace ImageFunctions.Tests.EndToEnd.Browser;

/// <summary>Opens <c>/docs</c> of the real standalone host in headless Chromium (<see cref="Chromium"/>), as a user would.</summary>
public sealed class DocsPageBrowserTests
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(45);

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
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync();
        var activity = new BrowserActivity(context);
        var page = activity.Watch(await context.NewPageAsync());

        await page.GotoAsync(app.DocsUrl);
        var rendered = await WaitForOperationsAsync(page, expected);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // late requests (icons) finish and report.

        Assert.True(rendered == expected, $"Swagger UI rendered {rendered} of {expected} operations.\n{activity.Log}");
        Assert.Empty(activity.Failed);
        Assert.Empty(activity.ErrorStatuses);
        Assert.Empty(activity.Exceptions);
        Assert.Contains(activity.Requests, u => u.EndsWith("/openapi.json", StringComparison.Ordinal));
        activity.AssertClean(address);
    }

    private static async Task<int> WaitForOperationsAsync(IPage page, int expected)
    {
        var operations = page.Locator(".opblock");
        var deadline = DateTime.UtcNow + RenderTimeout;
        var count = await operations.CountAsync();
        while (count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            count = await operations.CountAsync();
        }

        return count;
    }
}
