using Microsoft.Playwright;

namespace ImageFunctions.Tests.EndToEnd.Browser;

/// <summary>
/// Debian's headless Chromium, driven by Playwright. Playwright's package brings its own driver (Node.js and the Playwright
/// server, copied into the test output); the browser is the one at <see cref="ExecutablePath"/>, never a downloaded one,
/// so no <c>playwright install</c> is needed.
/// </summary>
public static class Chromium
{
    /// <summary>Starts the browser, headless.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath(),
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// Debian's Chromium: <c>CHROMIUM_PATH</c> when set, else <c>chromium</c> on the <c>PATH</c>. Missing, the test
    /// fails with the install hint (it never falls back to a browser Playwright would download).
    /// </summary>
    public static string ExecutablePath()
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
}

/// <summary>
/// What the pages of a browser context did, for the assertions: every request URL, failed requests, answers of 400 and
/// above, uncaught exceptions, console errors, and a log of all of it in order. Playwright raises its events on its own
/// connection's thread; the test reads copies.
/// </summary>
public sealed class BrowserActivity
{
    private readonly List<string> _log = [];
    private readonly List<string> _urls = [];
    private readonly List<string> _failed = [];
    private readonly List<string> _errorStatuses = [];
    private readonly List<string> _exceptions = [];
    private readonly List<string> _consoleErrors = [];

    /// <summary>Records the requests of every page of <paramref name="context"/>; <see cref="Watch"/> each page for its console.</summary>
    public BrowserActivity(IBrowserContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Playwright reports every request but data: URLs.
        context.Request += (_, request) => Record(_urls, $"{request.Method} {request.Url}");
        context.RequestFailed += (_, request) => Record(_failed, $"{request.Url}: {request.Failure}");
        context.Response += (_, response) =>
        {
            Record(_log, $"response {response.Status} {response.Request.Method} {response.Url}");
            if (response.Status >= 400)
            {
                Record(_errorStatuses, $"{response.Url}: {response.Status}");
            }
        };
    }

    /// <summary>"METHOD url" of every request, in order.</summary>
    public string[] Requests => Snapshot(_urls);

    public string[] Failed => Snapshot(_failed);

    public string[] ErrorStatuses => Snapshot(_errorStatuses);

    public string[] Exceptions => Snapshot(_exceptions);

    public string[] ConsoleErrors => Snapshot(_consoleErrors);

    /// <summary>Everything recorded, one line each, for failure messages.</summary>
    public string Log => string.Join('\n', Snapshot(_log));

    /// <summary>Records the uncaught exceptions and console messages of <paramref name="page"/>.</summary>
    public IPage Watch(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        page.PageError += (_, error) => Record(_exceptions, error);
        page.Console += (_, message) =>
        {
            Record(_log, $"console.{message.Type} {Truncate(message.Text)}");
            if (message.Type == "error")
            {
                Record(_consoleErrors, message.Text);
            }
        };
        return page;
    }

    /// <summary>Asserts no failed request, no error status, no exception and no console error, and that every request stayed on <paramref name="origin"/>.</summary>
    public void AssertClean(Uri origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Assert.True(Failed.Length == 0, $"Failed requests: {string.Join(", ", Failed)}\n{Log}");
        Assert.True(ErrorStatuses.Length == 0, $"Error answers: {string.Join(", ", ErrorStatuses)}\n{Log}");
        Assert.True(Exceptions.Length == 0, $"Page errors: {string.Join(", ", Exceptions)}\n{Log}");
        Assert.True(ConsoleErrors.Length == 0, $"Console errors: {string.Join(", ", ConsoleErrors)}\n{Log}");
        Assert.All(Requests, r =>
        {
            var url = r[(r.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            Assert.True(
                url.StartsWith(origin.AbsoluteUri, StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal) || url.StartsWith("blob:", StringComparison.Ordinal),
                $"The page fetched {url} from outside the app.");
        });
    }

    private void Record(List<string> list, string entry)
    {
        lock (list)
        {
            list.Add(entry);
        }

        if (list != _log)
        {
            lock (_log)
            {
                _log.Add(entry);
            }
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
