using System.Diagnostics;
using System.Reflection;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// The Bicep CLI of the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c>, which the test project downloads at restore
/// (<c>PackageDownload</c>); found under the NuGet packages folder the build recorded (<c>NuGetPackageRoot</c>). Runs it as a
/// child process and returns what it printed.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    /// <summary>What one run printed and how it ended.</summary>
    public sealed record Result(int ExitCode, string Output, string Errors)
    {
        /// <summary>Everything it printed, for assertion messages.</summary>
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Errors}";
    }

    /// <summary>Absolute path of the <c>bicep</c> executable.</summary>
    public static string Path
    {
        get
        {
            var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
            var root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages ? packages : metadata["NuGetPackageRoot"];
            var path = System.IO.Path.Combine(root!, "azure.bicep.commandline.linux-x64", metadata["BicepVersion"]!, "tools", "bicep");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"The Bicep CLI is not at {path}: restore ImageFunctions.Tests (it downloads Azure.Bicep.CommandLine.linux-x64).");
            }

            return path;
        }
    }

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in the repository root.</summary>
    public static async Task<Result> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new Result(process.ExitCode, await output, await errors);
    }
}
