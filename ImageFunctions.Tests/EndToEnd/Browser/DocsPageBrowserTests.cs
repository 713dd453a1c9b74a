using ImageFunctions.Tests.Unit.OpenApi;
using ImageFunctions.Hosting.Standalone;
using Microsoft.Extensions.Configuration;
using Microsoft.Playwright;

namespace ImageFunctions.Tests.EndToEnd.Browser;

/// <summary>
/// Opens <c>/docs</c> of the real standalone host in Debian's headless Chromium, driven by Playwright, as a user would.
/// Playwright's package brings its own driver (Node.js and the Playwright server, copied into the test output); the
/// browser is the one at <see cref="ChromiumPath"/>, never a downloaded one, so no <c>playwright install</c> is needed.
/// </summary>
public sealed class DocsPageBrowserTests
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Docs_InHeadlessChromium_RendersEveryOperationWithoutFailedRequests()
    {
        var executable = ChromiumPath();
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
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();

        // What the page did, in order (Playwright reports every request but data: URLs, which the last check allows anyway).
        var log = new List<string>();
        var urls = new List<string>();
        var failed = new List<string>();
        var errorStatuses = new List<string>();
        var exceptions = new List<string>();
        context.Request += (_, request) => Record(urls, request.Url);
        context.RequestFailed += (_, request) => Record(failed, $"{request.Url}: {request.Failure}", log);
        context.Response += (_, response) =>
        {
            Record(log, $"response {response.Status} {response.Url}");
            if (response.Status >= 400)
            {
                Record(errorStatuses, $"{response.Url}: {response.Status}");
            }
        };
        page.PageError += (_, error) => Record(exceptions, error, log);
        page.Console += (_, message) => Record(log, $"console.{message.Type} {Truncate(message.Text)}");

        await page.GotoAsync(app.DocsUrl);
        var rendered = await WaitForOperationsAsync(page, expected);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle); // late requests (icons) finish and report.

        Assert.True(rendered == expected, $"Swagger UI rendered {rendered} of {expected} operations.\n{Snapshot(log)}");
        Assert.Empty(Snapshot(failed));
        Assert.Empty(Snapshot(errorStatuses));
        Assert.Empty(Snapshot(exceptions));
        var requested = Snapshot(urls);
        Assert.Contains(requested, u => u.EndsWith("/openapi.json", StringComparison.Ordinal));
        Assert.All(requested, u => Assert.True(
            u.StartsWith(address.AbsoluteUri, StringComparison.Ordinal) || u.StartsWith("data:", StringComparison.Ordinal),
            $"The page fetched {u} from outside the app."));
    }

    /// <summary>
    /// Debian's Chromium: <c>CHROMIUM_PATH</c> when set, else <c>chromium</c> on the <c>PATH</c>. Missing, the test
    /// fails with the install hint (it never falls back to a browser Playwright would download).
    /// </summary>
    private static string ChromiumPath()
    {
        var configured = Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        var path = !string.IsNullOrEmpty(configured)
            ? configured
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(directory => Path.Combine(directory, "chromium"))
                .FirstOrDefault(File.Exists);
        return path is not null && File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"Chromium is not installed ({(string.IsNullOrEmpty(configured) ? "no 'chromium' on the PATH" : $"CHROMIUM_PATH={configured} is missing")}). "
                + "Install Debian's package: `apt-get install -y chromium` (scripts/test.sh does it), or set CHROMIUM_PATH. "
                + "The test never downloads a browser.");
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

    // Playwright raises its events on its own connection's thread; the test reads copies.
    private static void Record(List<string> list, string entry, List<string>? log = null)
    {
        lock (list)
        {
            list.Add(entry);
        }

        if (log is not null)
        {
            Record(log, entry);
        }
    }

    private static string[] Snapshot(List<string> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";
}
