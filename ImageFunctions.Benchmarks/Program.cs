using BenchmarkDotNet.Running;
using ImageFunctions.Benchmarks;
using ImageFunctions.Benchmarks.EndToEnd;
using ImageFunctions.Benchmarks.Load;

// dotnet run -c Release --project ImageFunctions.Benchmarks -- --filter '*Filter*'
// dotnet run -c Release --project ImageFunctions.Benchmarks -- --png-sizes    (PNG time and size, engine vs ImageSharp)
// dotnet run -c Release --project ImageFunctions.Benchmarks -- --pgo-check   (repeated-call drift, see PgoCheck)
// dotnet run -c Release --project ImageFunctions.Benchmarks -- e2e --help     (end to end over HTTP, see E2eCommand)
// dotnet run -c Release --project ImageFunctions.Benchmarks -- --metadata-cost (what metadata costs Identify and Process)
// dotnet run -c Release --project ImageFunctions.Benchmarks -- --stall [connections] [mib] [hold-seconds] (burst-then-stall uploads, see StallCommand)
// dotnet run -c Release --project ImageFunctions.Benchmarks -- load --help  (bounded load and fault cases, see LoadCommand)
if (args.Length > 0 && args[0] == LoadCommand.Verb)
{
    return await LoadCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == E2eCommand.Verb)
{
    return await E2eCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == StallCommand.Verb)
{
    return await StallCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "--pgo-check")
{
    PgoCheck.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 300);
    return 0;
}

if (args.Length > 0 && args[0] == "--png-sizes")
{
    PngComparison.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 9);
    return 0;
}

if (args.Length > 0 && args[0] == "--metadata-cost")
{
    MetadataCost.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
    return 0;
}

if (args.Length > 0 && args[0] == "--stages")
{
    PgoCheck.Stages();
    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(FilterBenchmarks).Assembly).Run(args);
return 0;
