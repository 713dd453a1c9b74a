using System.Globalization;
using ImageFunctions.Benchmarks.EndToEnd;
using ImageFunctions.Benchmarks.Load.Faults;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>
/// The <c>load</c> verb: starts the host (and for <c>--backend azure</c> Azurite and Redis) with the e2e harness'
/// launchers, runs <see cref="LoadRunner"/> against it over loopback HTTP, prints the figures, and with <c>--faults</c>
/// runs <see cref="FaultSuite"/>. Stops everything it started, also on Ctrl+C or an error.
/// </summary>
internal static class LoadCommand
{
    /// <summary>The verb that selects this command.</summary>
    public const string Verb = "load";

    /// <summary>Runs the command; returns the exit code (0 clean, 1 the load found problems or failed, 2 bad options, 130 Ctrl+C).</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args) =>
        HarnessVerb.RunAsync(Verb, args, LoadOptions.Parse, LoadOptions.Usage, options => options.Help, RunAsync);

    private static async Task<int> RunAsync(LoadOptions options, string workFolder, CancellationToken cancellationToken)
    {
        var clean = true;
        if (options.Load)
        {
            clean = await RunLoadAsync(options, workFolder, cancellationToken);
        }

        if (options.Faults)
        {
            await FaultSuite.RunAsync(RepositoryPaths.Find(), Directory.CreateDirectory(Path.Combine(workFolder, "faults")).FullName, Console.Out, cancellationToken);
        }

        return clean ? 0 : 1;
    }

    private static async Task<bool> RunLoadAsync(LoadOptions options, string workFolder, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(workFolder, "load")).FullName;
        using var server = await ServerUnderTest.StartAsync(new E2eOptions { Backend = options.Backend }, RepositoryPaths.Find(), folder, cancellationToken);
        Console.Error.WriteLine($"Load: {options.Submissions} submissions from {options.Clients} clients against {server.Description}.");
        using var http = new HttpClient { BaseAddress = server.Address, Timeout = Timeout.InfiniteTimeSpan };
        var runner = new LoadRunner(http, new LoadRunOptions(
            options.Submissions, options.Clients, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(options.TimeoutSeconds)));
        var result = await runner.RunAsync(server.Host?.Id, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"## load, backend {(options.Backend == E2eBackend.Azure ? "azure" : "memory")}, {options.Submissions} submissions, {options.Clients} clients"));
        Console.WriteLine(result.Describe());
        return result.Clean;
    }
}
