using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ImageFunctions.Tests.Browser;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>, never a downloaded browser) started with a throw-away profile
/// and the DevTools protocol on a free loopback port. Dispose stops it and deletes the profile.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>Where Debian's <c>chromium</c> package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly StringBuilder _log;
    private readonly HttpClient _http;

    private ChromiumBrowser(Process process, DirectoryInfo profile, StringBuilder log, int port)
    {
        _process = process;
        _profile = profile;
        _log = log;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
    }

    /// <summary>What the browser wrote on stderr so far (for failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts Chromium; fails with an install hint when it is not there.</summary>
    public static async Task<ChromiumBrowser> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed ({ExecutablePath} is missing). Install Debian's package: `apt-get install -y chromium` "
                + "(scripts/test.sh does it). The test never downloads a browser.");
        }

        var profile = Directory.CreateTempSubdirectory("imagefunctions-chromium-");
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        foreach (var argument in (string[])[
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile.FullName}", "about:blank"])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        var process = new Process { StartInfo = startInfo };
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var port = await WaitForDevToolsPortAsync(process, profile, log, cancellationToken);
            return new ChromiumBrowser(process, profile, log, port);
        }
        catch
        {
            Stop(process);
            profile.Delete(recursive: true);
            throw;
        }
    }

    /// <summary>Connects to the first page target (opening one if there is none).</summary>
    public async Task<CdpSession> OpenPageAsync(CancellationToken cancellationToken = default)
    {
        using var targets = await _http.GetFromJsonAsync<JsonDocument>("json/list", cancellationToken)
            ?? throw new InvalidOperationException("DevTools returned no target list.");
        var page = targets.RootElement.EnumerateArray().FirstOrDefault(t => t.GetProperty("type").GetString() == "page");
        string url;
        if (page.ValueKind == JsonValueKind.Object)
        {
            url = page.GetProperty("webSocketDebuggerUrl").GetString()!;
        }
        else
        {
            using var response = await _http.PutAsync("json/new?about:blank", null, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var created = await response.Content.ReadFromJsonAsync<JsonDocument>(cancellationToken);
            url = created!.RootElement.GetProperty("webSocketDebuggerUrl").GetString()!;
        }

        return await CdpSession.ConnectAsync(new Uri(url), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        Stop(_process);
        await _process.WaitForExitAsync();
        _process.Dispose();
        for (var attempt = 0; attempt < 5 && _profile.Exists; attempt++)
        {
            try
            {
                _profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200); // Chromium's helpers may still be closing files.
            }
        }
    }

    private static async Task<int> WaitForDevToolsPortAsync(Process process, DirectoryInfo profile, StringBuilder log, CancellationToken cancellationToken)
    {
        // Chromium writes "<port>\n/devtools/browser/<id>" once it listens.
        var file = Path.Combine(profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + _startTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {process.ExitCode} before DevTools listened:\n{Tail(log)}");
            }

            if (File.Exists(file))
            {
                var lines = await File.ReadAllLinesAsync(file, cancellationToken);
                if (lines.Length >= 2 && int.TryParse(lines[0], out var port))
                {
                    return port;
                }
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Chromium did not write {file} within {_startTimeout.TotalSeconds} s:\n{Tail(log)}");
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private static string Tail(StringBuilder log)
    {
        lock (log)
        {
            var text = log.ToString();
            return text.Length <= 4000 ? text : text[^4000..];
        }
    }
}
