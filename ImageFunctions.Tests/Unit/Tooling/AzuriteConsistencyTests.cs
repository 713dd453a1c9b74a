using System.Text.Json;
using System.Text.RegularExpressions;
using ImageFunctions.Tests.Infrastructure;

namespace ImageFunctions.Tests.Unit.Tooling;

/// <summary>
/// Every place in the repository that starts Azurite starts the pinned version with the same flags
/// (<see cref="AzuriteCommand.SharedFlags"/>): tools/package.json's script, the README and docs, docker-compose.yml, the test
/// fixtures and the end-to-end benchmark. Only where the data lives, which address Azurite listens on and (the HTTPS
/// fixture) TLS and bearer tokens may differ.
/// </summary>
public sealed partial class AzuriteConsistencyTests
{
    private const string NpmScript = "npm run --prefix tools azurite";

    /// <summary>Options that say where data lives and where and how Azurite listens, with whether each takes a value.</summary>
    private static readonly Dictionary<string, bool> PlacementOptions = new(StringComparer.Ordinal)
    {
        ["--location"] = true,
        ["--inMemoryPersistence"] = false,
        ["--blobHost"] = true,
        ["--queueHost"] = true,
        ["--tableHost"] = true,
        ["--blobPort"] = true,
        ["--queuePort"] = true,
        ["--tablePort"] = true,
        ["--cert"] = true,
        ["--key"] = true,
        ["--oauth"] = true,
    };

    /// <summary>The files that start Azurite from C#; they must take their arguments from <see cref="AzuriteCommand"/>.</summary>
    private static readonly string[] Launchers =
    [
        RepositoryRoot.Combine("ImageFunctions.Tests", "Infrastructure", "AzuriteFixture.cs"),
        RepositoryRoot.Combine("ImageFunctions.Tests", "Infrastructure", "HttpsAzurite.cs"),
        RepositoryRoot.Combine("ImageFunctions.Benchmarks", "EndToEnd", "ServiceLaunchers.cs"),
    ];

    public static TheoryData<string> Starts => new(AzuriteStarts().Keys);

    [Theory]
    [MemberData(nameof(Starts))]
    public void EveryStart_PassesTheSharedFlags(string where)
    {
        var arguments = AzuriteStarts()[where];

        Assert.Equal(AzuriteCommand.SharedFlags.Order(StringComparer.Ordinal), WithoutPlacement(arguments).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Launchers_PassExactlyAzuriteCommandsArguments()
    {
        Assert.All(Launchers, path =>
        {
            var source = File.ReadAllText(path);
            var starts = AzuriteProcessStart().Matches(source);
            Assert.True(starts.Count == 1, $"{Path.GetFileName(path)} should start Azurite once, with ServiceProcess.Start(\"azurite...\", ...).");
            Assert.Matches(@"^AzuriteCommand\.(InMemoryOnLoopback|HttpsWithOAuth)\([^()]*\)\s*,", starts[0].Groups["arguments"].Value);
        });
    }

    [Fact]
    public void Docs_StartAzuriteOnlyThroughTheNpmScript()
    {
        var starts = DocumentationFiles()
            .SelectMany(path => CodeLines(path).Select(line => (File: Path.GetFileName(path), Line: line)))
            .Where(code => StartsAzurite(code.Line))
            .ToArray();

        Assert.Contains(starts, code => code.File == "README.md");
        Assert.All(starts, code => Assert.Equal(NpmScript, Command(code.Line)));
    }

    [Fact]
    public void Readme_QuotesTheScriptAsItIs()
    {
        var script = PackageJson().GetProperty("scripts").GetProperty("azurite").GetString();

        Assert.Contains($"`{script}`", File.ReadAllText(RepositoryRoot.Combine("README.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Version_IsThePinnedOneEverywhere()
    {
        var pinned = PackageJson().GetProperty("devDependencies").GetProperty("azurite").GetString();
        using var lockFile = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("tools", "package-lock.json")));
        var packages = lockFile.RootElement.GetProperty("packages");
        var mentions = DocumentationFiles().Append(ComposeFile)
            .SelectMany(path => VersionMention().Matches(File.ReadAllText(path)).Select(m => (Path.GetFileName(path), m.Groups[1].Value)))
            .ToArray();

        Assert.Matches(@"^\d+\.\d+\.\d+$", pinned);
        Assert.Equal(pinned, packages.GetProperty("").GetProperty("devDependencies").GetProperty("azurite").GetString());
        Assert.Equal(pinned, packages.GetProperty("node_modules/azurite").GetProperty("version").GetString());
        Assert.Equal($"mcr.microsoft.com/azure-storage/azurite:{pinned}", ComposeAzuriteValue("image"));
        Assert.All(mentions, mention => Assert.Equal((mention.Item1, pinned), mention));
    }

    [Fact]
    public void WithoutPlacement_KeepsEveryOtherOption()
    {
        string[] drifted = ["azurite", "--location", "x", "--blobHost", "0.0.0.0", "--silent", "--loose", "--debug", "log.txt"];

        Assert.Equal(["--silent", "--loose", "--debug", "log.txt"], WithoutPlacement(drifted));
    }

    private static string ComposeFile => RepositoryRoot.Combine("docker-compose.yml");

    /// <summary>Each start of Azurite, by where it is, with its arguments (program name first where there is one).</summary>
    private static Dictionary<string, string[]> AzuriteStarts() => new(StringComparer.Ordinal)
    {
        ["tools/package.json script"] = Words(PackageJson().GetProperty("scripts").GetProperty("azurite").GetString()!),
        ["docker-compose.yml command"] = Words(ComposeAzuriteValue("command")),
        ["AzuriteCommand.InMemoryOnLoopback (fixture, benchmark)"] = ["azurite", .. AzuriteCommand.InMemoryOnLoopback(10000, 10001, 10002)],
        ["AzuriteCommand.HttpsWithOAuth (HTTPS fixture)"] = ["azurite", .. AzuriteCommand.HttpsWithOAuth(10000, 10001, 10002, "cert.pem", "key.pem")],
    };

    private static IEnumerable<string> WithoutPlacement(IReadOnlyList<string> arguments)
    {
        Assert.Equal("azurite", arguments[0]);
        for (var i = 1; i < arguments.Count; i++)
        {
            if (PlacementOptions.TryGetValue(arguments[i], out var takesValue))
            {
                i += takesValue ? 1 : 0;
                continue;
            }

            yield return arguments[i];
        }
    }

    private static JsonElement PackageJson()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.Combine("tools", "package.json")));
        return document.RootElement.Clone();
    }

    /// <summary>A key of the <c>azurite</c> service in docker-compose.yml (flat, one-line values: no YAML parser needed).</summary>
    private static string ComposeAzuriteValue(string key)
    {
        var lines = File.ReadAllLines(ComposeFile);
        var service = Array.IndexOf(lines, "  azurite:");
        Assert.True(service >= 0, "docker-compose.yml has no azurite service.");
        var line = lines.Skip(service + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal) || l.Trim().Length == 0)
            .Single(l => l.StartsWith($"    {key}:", StringComparison.Ordinal));
        return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static IEnumerable<string> DocumentationFiles() =>
        Directory.GetFiles(RepositoryRoot.Combine("docs"), "*.md").Prepend(RepositoryRoot.Combine("README.md"));

    /// <summary>The lines of fenced shell code blocks (<c>bash</c>, <c>sh</c>, <c>shell</c> or no language; not output shown as <c>text</c>).</summary>
    private static IEnumerable<string> CodeLines(string markdown)
    {
        string? block = null;
        foreach (var line in File.ReadLines(markdown))
        {
            var fence = line.TrimStart();
            if (fence.StartsWith("```", StringComparison.Ordinal))
            {
                block = block is null ? fence[3..].Trim() : null;
            }
            else if (block is "" or "bash" or "sh" or "shell")
            {
                yield return line;
            }
        }
    }

    /// <summary>A command line that runs Azurite itself (Compose starts it from docker-compose.yml, checked above).</summary>
    private static bool StartsAzurite(string line)
    {
        var command = Command(line);
        return AzuriteWord().IsMatch(command) && !command.StartsWith("docker", StringComparison.Ordinal);
    }

    /// <summary>The line without its comment and a trailing <c>&amp;</c>.</summary>
    private static string Command(string line)
    {
        var comment = line.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? line[..comment] : line).Trim().TrimEnd('&').Trim();
    }

    private static string[] Words(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary><c>ServiceProcess.Start("azurite...", executable, arguments, ...</c>: the third argument.</summary>
    [GeneratedRegex(@"ServiceProcess\.Start\(\s*""azurite[^""]*"",\s*[^,]+,\s*(?<arguments>[^;]+)")]
    private static partial Regex AzuriteProcessStart();

    [GeneratedRegex(@"(^|[\s/])azurite(\s|$)")]
    private static partial Regex AzuriteWord();

    [GeneratedRegex(@"[Aa]zurite[ :@](\d+\.\d+\.\d+)")]
    private static partial Regex VersionMention();
}
