using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// Loads a page in headless Chromium (Debian's <c>/usr/bin/chromium</c>, driven by the pinned playwright-core
/// through <c>tools/check-page.mjs</c>) and reports what went wrong: failed requests, 4xx/5xx responses,
/// console and script errors, and how many elements match a selector.
/// </summary>
public static class BrowserPageCheck
{
    /// <summary>How to get what the check needs.</summary>
    public const string InstallHint =
        "The browser check needs Node.js, `npm ci --prefix tools` (pinned playwright-core, no browser download) "
        + "and Chromium (`apt-get install -y chromium`); ./scripts/test.sh installs all three.";

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>Path of the Node.js script that drives the browser.</summary>
    public static string ScriptPath => RepositoryRoot.Combine("tools", "check-page.mjs");

    /// <summary>Opens <paramref name="url"/>, waits for the network to go idle and, if given, for <paramref name="selector"/>.</summary>
    /// <exception cref="InvalidOperationException">Node.js, playwright-core or Chromium is missing, or the check could not run.</exception>
    public static async Task<PageCheckReport> RunAsync(Uri url, string? selector = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        var pageTimeout = timeout ?? TimeSpan.FromSeconds(30);
        if (!Directory.Exists(RepositoryRoot.Combine("tools", "node_modules", "playwright-core")))
        {
            throw new InvalidOperationException($"playwright-core is not installed in tools/node_modules. {InstallHint}");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Combine("tools"),
        };
        startInfo.ArgumentList.Add(ScriptPath);
        startInfo.ArgumentList.Add("--url");
        startInfo.ArgumentList.Add(url.AbsoluteUri);
        startInfo.ArgumentList.Add("--timeout");
        startInfo.ArgumentList.Add(((int)pageTimeout.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (selector is not null)
        {
            startInfo.ArgumentList.Add("--selector");
            startInfo.ArgumentList.Add(selector);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"Could not start node: {ex.Message}. {InstallHint}", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(pageTimeout * 2 + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The browser check of {url} did not finish in time.");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"The browser check of {url} could not run (exit code {process.ExitCode}): {errors.Trim()} {InstallHint}");
        }

        return JsonSerializer.Deserialize<PageCheckReport>(output, _json)
            ?? throw new InvalidOperationException($"The browser check printed no report: {output}");
    }
}

/// <summary>What <see cref="BrowserPageCheck"/> saw while loading a page.</summary>
public sealed record PageCheckReport
{
    /// <summary>The URL that was opened.</summary>
    public string Url { get; init; } = "";

    /// <summary>The browser executable used.</summary>
    public string Browser { get; init; } = "";

    /// <summary>HTTP status of the page itself (null when navigation failed).</summary>
    public int? Status { get; init; }

    /// <summary>The document title.</summary>
    public string? Title { get; init; }

    /// <summary>The selector waited for, if any.</summary>
    public string? Selector { get; init; }

    /// <summary>Elements matching <see cref="Selector"/> once the page settled.</summary>
    public int? SelectorCount { get; init; }

    /// <summary>Requests that got no response (network error, blocked, aborted).</summary>
    public IReadOnlyList<FailedRequest> FailedRequests { get; init; } = [];

    /// <summary>Responses with status 400 or more (the page or any of its resources).</summary>
    public IReadOnlyList<BadResponse> BadResponses { get; init; } = [];

    /// <summary>Console messages of type error.</summary>
    public IReadOnlyList<string> ConsoleErrors { get; init; } = [];

    /// <summary>Uncaught script errors and navigation errors.</summary>
    public IReadOnlyList<string> PageErrors { get; init; } = [];

    /// <summary>True when the page answered 2xx, every request succeeded, no errors were logged and the selector (if any) matched.</summary>
    public bool IsClean =>
        Status is >= 200 and < 300
        && FailedRequests.Count == 0 && BadResponses.Count == 0 && ConsoleErrors.Count == 0 && PageErrors.Count == 0
        && (Selector is null || SelectorCount > 0);

    /// <summary>A readable summary for assertion messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder()
            .Append("GET ").Append(Url).Append(" -> ").Append(Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response")
            .Append(", title '").Append(Title).Append('\'');
        if (Selector is not null)
        {
            text.Append(", '").Append(Selector).Append("' x ").Append(SelectorCount);
        }

        foreach (var failed in FailedRequests)
        {
            text.AppendLine().Append("  failed: ").Append(failed.Url).Append(' ').Append(failed.Error);
        }

        foreach (var bad in BadResponses)
        {
            text.AppendLine().Append("  HTTP ").Append(bad.Status).Append(": ").Append(bad.Url);
        }

        foreach (var error in ConsoleErrors.Concat(PageErrors))
        {
            text.AppendLine().Append("  error: ").Append(error);
        }

        return text.ToString();
    }
}

/// <summary>A request that got no response.</summary>
public sealed record FailedRequest(string Url, string Error);

/// <summary>A response with an error status.</summary>
public sealed record BadResponse(string Url, int Status);
