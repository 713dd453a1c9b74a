using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace ImageFunctions.Tests.EndToEnd.Browser;

/// <summary>
/// The web page at <c>/</c> of the real standalone host, used in headless Chromium as a person would: choose images,
/// upload, watch them finish, compare, download. One host and one browser for all of them (<see cref="WebPageHost"/>).
/// </summary>
public sealed class WebPageBrowserTests(WebPageHost host) : IClassFixture<WebPageHost>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Page_ThreeImages_FinishAsThreeResultsWithAZipOfThree()
    {
        var (context, activity) = await host.NewContextAsync();
        var page = activity.Watch(await context.NewPageAsync());
        await OpenAsync(page, host.Address);

        // A chain of two filters, the second with its parameter.
        await page.SelectOptionAsync("#steps li:nth-child(1) select", "grayscale");
        await page.ClickAsync("#add-step");
        await page.SelectOptionAsync("#steps li:nth-child(2) select", "gaussian_blur");
        await page.FillAsync("#steps li:nth-child(2) input", "1.5");
        await page.SelectOptionAsync("#format", "png");
        Assert.Equal("grayscale,gaussian_blur:1.5", await page.TextContentAsync("#chain"));
        await page.SetInputFilesAsync("#files", [Png("red.png", 1), Jpeg("green.jpg", 2)]);
        await DropAsync(page, Png("blue.png", 3));
        Assert.Equal(["red.png", "green.jpg", "blue.png"], await page.Locator("#selection .chosen .name").AllTextContentsAsync());
        Assert.Equal(0, await page.Locator("#selection .refused").CountAsync());

        await page.ClickAsync("#upload");
        await WaitForFinishedAsync(page, activity);

        Assert.Equal("Finished: 3 of 3 images done.", await page.TextContentAsync("#job-summary"));
        Assert.Equal(3, await page.Locator("#results .result[data-state=done]").CountAsync());
        Assert.Equal(3, await LoadedImagesAsync(page, "#results .result .before img"));
        Assert.Equal(3, await LoadedImagesAsync(page, "#results .result .after img"));
        var jobId = await page.TextContentAsync("#job-id");
        Assert.Matches("^[0-9a-f]{32}$", jobId);
        Assert.Equal($"#job={jobId}", await page.GetAttributeAsync("#job-link", "href"));
        Assert.EndsWith($"/#job={jobId}", page.Url, StringComparison.Ordinal);
        var zip = await ZipEntriesAsync(await page.GetAttributeAsync("#zip", "href"));
        Assert.Equal(["blue.png", "green.png", "red.png"], zip.Order(StringComparer.Ordinal));

        // Full size in the viewer; Escape closes it.
        await page.ClickAsync("#results .result:first-child .after a");
        Assert.True(await page.IsVisibleAsync("#viewer-image"));
        Assert.Equal($"/images/{jobId}/red.png", await page.GetAttributeAsync("#viewer-image", "src"));
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await page.IsVisibleAsync("#viewer"));

        // Every control has a label; progress is announced from a live region.
        Assert.Equal(0, await page.EvaluateAsync<int>("[...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0).length"));
        Assert.Equal("status", await page.GetAttributeAsync("#job-summary", "role"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("web-page-finished.png"), FullPage = true });

        // The link reopens the job later, without the local originals.
        var reopened = activity.Watch(await context.NewPageAsync());
        await reopened.GotoAsync($"{host.Address}#job={jobId}");
        await WaitForFinishedAsync(reopened, activity);
        Assert.Equal(3, await reopened.Locator("#results .result[data-state=done]").CountAsync());
        Assert.Equal(3, await reopened.Locator("#results .before .no-preview").CountAsync());
        Assert.Equal(3, await LoadedImagesAsync(reopened, "#results .result .after img"));

        activity.AssertClean(host.Address);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Page_RefusedFiles_ShowTheirReasonAndAreNotSent()
    {
        var (context, activity) = await host.NewContextAsync();
        var page = activity.Watch(await context.NewPageAsync());
        await OpenAsync(page, host.Address);

        // Nothing sendable: a message, and no request.
        await page.SetInputFilesAsync("#files", [Text("notes.txt")]);
        await page.ClickAsync("#upload");
        Assert.Equal("None of the chosen images can be sent.", await page.TextContentAsync("#form-message"));
        Assert.DoesNotContain(activity.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal));

        await page.SetInputFilesAsync("#files",
        [
            new FilePayload { Name = "big.png", MimeType = "image/png", Buffer = new byte[20 * 1024] },
            new FilePayload { Name = "empty.png", MimeType = "image/png", Buffer = [] },
            Png("one.png", 1), Png("two.png", 2), Png("three.png", 3), Png("four.png", 4),
        ]);

        var reasons = await page.Locator("#selection .refused .reason").AllTextContentsAsync();
        Assert.Equal(4, reasons.Count);
        Assert.StartsWith("Will not be sent. Not an image type we take (text/plain)", reasons[0], StringComparison.Ordinal);
        Assert.Equal("Will not be sent. Too large: 20 KB, the limit is 8 KB.", reasons[1]);
        Assert.Equal("Will not be sent. The file is empty.", reasons[2]);
        Assert.Equal($"Will not be sent. Over the limit of {WebPageHost.MaxFiles} images per job.", reasons[3]);
        Assert.Equal("four.png", await page.TextContentAsync("#selection .refused:last-child .name"));
        Assert.Equal($"Upload and process {WebPageHost.MaxFiles} images", await page.TextContentAsync("#upload"));

        await page.ClickAsync("#upload");
        await WaitForFinishedAsync(page, activity);

        // The job holds the three that could be sent, and only them.
        var status = await host.GetJsonAsync($"/status-job/{await page.TextContentAsync("#job-id")}");
        Assert.Equal(
            ["one.png", "two.png", "three.png"],
            status.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("file_name").GetString()));
        Assert.Equal(0, await page.Locator("#selection .chosen").CountAsync());
        Assert.Single(activity.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal));
        activity.AssertClean(host.Address);
        await context.CloseAsync();
    }

    [Fact]
    public async Task Page_JobWithACorruptImage_ShowsTwoResultsAndOneFailureOnAPhoneSizedScreen()
    {
        var (context, activity) = await host.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        var page = activity.Watch(await context.NewPageAsync());
        await OpenAsync(page, host.Address);

        await page.SetInputFilesAsync("#files", [Png("good.png", 1), Png("broken.png", TestImages.TruncatedPng()), Jpeg("also-good.jpg", 2)]);
        await page.ClickAsync("#upload");
        await WaitForFinishedAsync(page, activity);

        Assert.Equal("Finished: 2 of 3 images done, 1 failed.", await page.TextContentAsync("#job-summary"));
        Assert.Equal(2, await page.Locator("#results .result[data-state=done]").CountAsync());
        var failed = page.Locator("#results .result[data-state=failed]");
        Assert.Equal(1, await failed.CountAsync());
        Assert.Equal("broken.png", await failed.Locator(".name").TextContentAsync());
        Assert.StartsWith("Failed: ", await failed.Locator(".state").TextContentAsync(), StringComparison.Ordinal);
        Assert.True((await failed.Locator(".state").TextContentAsync())!.Length > "Failed: ".Length);
        Assert.Equal("Download the 2 finished images as ZIP", await page.TextContentAsync("#zip"));
        Assert.Equal(["also-good.jpg", "good.png"], (await ZipEntriesAsync(await page.GetAttributeAsync("#zip", "href"))).Order(StringComparer.Ordinal));

        // Nothing wider than the screen.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("web-page-phone-with-failure.png"), FullPage = true });
        activity.AssertClean(host.Address);
        await context.CloseAsync();
    }

    private static async Task OpenAsync(IPage page, Uri address)
    {
        await page.GotoAsync(address.AbsoluteUri);
        // The filters and limits have arrived when the first step is there.
        await page.Locator("#steps select").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });
    }

    private static async Task WaitForFinishedAsync(IPage page, BrowserActivity activity)
    {
        try
        {
            // A locator, not WaitForFunctionAsync: the page's policy forbids the eval that one needs.
            await page.Locator("#job-summary", new PageLocatorOptions { HasTextRegex = new Regex("^Finished") })
                .WaitForAsync(new LocatorWaitForOptions { Timeout = (float)JobTimeout.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"The job did not finish: '{await page.TextContentAsync("#job-summary")}', '{await page.TextContentAsync("#form-message")}'.\n{activity.Log}");
        }
    }

    /// <summary>Drops <paramref name="file"/> on the drop zone, as a file dragged from the desktop.</summary>
    private static async Task DropAsync(IPage page, FilePayload file)
    {
        var dataTransfer = await page.EvaluateHandleAsync(
            "([name, type, base64]) => { const transfer = new DataTransfer(); "
            + "transfer.items.add(new File([Uint8Array.from(atob(base64), c => c.charCodeAt(0))], name, { type })); return transfer; }",
            new object[] { file.Name, file.MimeType!, Convert.ToBase64String(file.Buffer) });
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer });
    }

    private static Task<int> LoadedImagesAsync(IPage page, string selector) =>
        page.EvaluateAsync<int>(
            "async s => { const images = [...document.querySelectorAll(s)]; await Promise.all(images.map(i => i.decode().catch(() => {}))); "
            + "return images.filter(i => i.complete && i.naturalWidth > 0).length; }",
            selector);

    private async Task<string[]> ZipEntriesAsync(string? href)
    {
        Assert.NotNull(href);
        var bytes = await host.Http.GetByteArrayAsync(new Uri(host.Address, href));
        using var archive = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        return [.. archive.Entries.Select(e => e.FullName)];
    }

    private static string ScreenshotPath(string name) => RepositoryRoot.Combine("TestResults", "screenshots", name);

    private static FilePayload Png(string name, int seed) => Png(name, TestImages.Png(24, 16, seed));

    private static FilePayload Png(string name, byte[] content) => new() { Name = name, MimeType = "image/png", Buffer = content };

    private static FilePayload Jpeg(string name, int seed) => new() { Name = name, MimeType = "image/jpeg", Buffer = TestImages.Jpeg(24, 16, seed) };

    private static FilePayload Text(string name) => new() { Name = name, MimeType = "text/plain", Buffer = "not a picture"u8.ToArray() };
}

/// <summary>
/// One standalone host (embedded: in-memory Durable backend, file-system store) with small limits the page must enforce,
/// and one headless Chromium, shared by the page's browser tests.
/// </summary>
public sealed class WebPageHost : IAsyncLifetime
{
    /// <summary>The host's limit on files per job.</summary>
    public const int MaxFiles = 3;

    /// <summary>The host's limit on a file's size: the test images are far below it.</summary>
    public const int MaxFileBytes = 8 * 1024;

    private readonly string _root = Directory.CreateTempSubdirectory("imagefunctions-page-").FullName;
    private StandaloneApp? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The host's root, where the page is.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>A plain client of the host, for what the test checks beside the browser (ZIP, status).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _app = await StandaloneHost.CreateAsync(["--urls", "http://127.0.0.1:0"], c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImageFunctions:Storage:ConnectionString"] = "",
            ["AzureWebJobsStorage"] = "",
            ["ImageFunctions:Redis:ConnectionString"] = "",
            ["ImageFunctions:Storage:LocalRoot"] = _root,
            ["ImageFunctions:Limits:MaxFiles"] = MaxFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ImageFunctions:Limits:MaxFileBytes"] = MaxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        Address = new Uri(_app.PageUrl);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context (no cache, no storage) and the recorder of what its pages do.</summary>
    public async Task<(IBrowserContext Context, BrowserActivity Activity)> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await _browser!.NewContextAsync(options);
        return (context, new BrowserActivity(context));
    }

    /// <summary><c>GET</c> of an API path as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(Address, path)));
        return document.RootElement.Clone();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }
}
