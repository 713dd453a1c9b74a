using System.Globalization;
using ImageFunctions.Hosting;
using ImageFunctions.Hosting.Standalone;
using ImageFunctions.Settings;
using ImageFunctions.Storage;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Tests.Support;

/// <summary>
/// The test assembly's entry point: <c>dotnet ImageFunctions.Tests.dll --standalone-test-host [--slow-upload-reads-ms N] --urls ...</c>
/// runs the app's standalone host as <c>--standalone</c> does, with faults injected through its services: a child process
/// cannot take a decorator from the test that starts it (<see cref="HostProcess.StartTestHostAsync"/>).
/// <c>dotnet test</c> does not use it: the test runner loads this assembly into its own process.
/// </summary>
public static class TestHostProgram
{
    /// <summary>The switch that selects this host; without it the program refuses to start.</summary>
    public const string Flag = "--standalone-test-host";

    /// <summary>Every read of the uploads container waits this many milliseconds (<see cref="SlowImageStore"/>).</summary>
    public const string SlowUploadReadsOption = "--slow-upload-reads-ms";

    public static async Task<int> Main(string[] args)
    {
        if (!args.Contains(Flag, StringComparer.Ordinal))
        {
            await Console.Error.WriteLineAsync($"This is the test assembly. Start the test host with {Flag} [{SlowUploadReadsOption} N] --urls URL.");
            return 2;
        }

        var (slowUploadReads, hostArgs) = Parse(args);
        var app = await StandaloneHost.CreateAsync(hostArgs, new StandaloneHostSettings
        {
            ConfigureServices = services =>
            {
                if (slowUploadReads > TimeSpan.Zero)
                {
                    services.DecorateImageStore((provider, inner) => new SlowImageStore(
                        inner, provider.GetRequiredService<IOptions<ImageFunctionsOptions>>().Value.Storage.UploadsContainer, slowUploadReads));
                }
            },
            BannerWriter = Console.Out,
        });
        await using (app)
        {
            await app.WaitForShutdownAsync();
        }

        return 0;
    }

    /// <summary>The delay given with <see cref="SlowUploadReadsOption"/>, and the rest of the arguments for ASP.NET Core.</summary>
    private static (TimeSpan SlowUploadReads, string[] HostArgs) Parse(string[] args)
    {
        var slowUploadReads = TimeSpan.Zero;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == SlowUploadReadsOption && i + 1 < args.Length)
            {
                slowUploadReads = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
            }
            else if (args[i] != Flag)
            {
                rest.Add(args[i]);
            }
        }

        return (slowUploadReads, rest.ToArray());
    }
}
