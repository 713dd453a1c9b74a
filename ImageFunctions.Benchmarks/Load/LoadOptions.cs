using System.Globalization;
using ImageFunctions.Benchmarks.EndToEnd;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>Options of the <c>load</c> verb; <see cref="Parse"/> is pure and throws <see cref="E2eUsageException"/>.</summary>
internal sealed record LoadOptions
{
    /// <summary>The usage text printed for <c>--help</c> and after a bad option.</summary>
    public const string Usage = """
        usage: dotnet run -c Release --project ImageFunctions.Benchmarks -- load [options]

          --backend B        memory (in-memory Durable, file system) or azure (Azurite + Redis + Azure Storage Durable)
                             (default memory)
          --submissions N    submissions in all, every other one a bad input (default 200, at most 5000)
          --clients C        clients sending at once (default 8, at most 64)
          --timeout S        longest load run in seconds; what runs then is cut off and reported (default 300)
          --faults           after the load, run the fault cases (each on a host of its own; about 5 minutes)
          --only-faults      run the fault cases without the load

        It starts what it needs on free loopback ports and stops it again; every wait is bounded. Exit code 0 when the
        load found nothing wrong (0 5xx, 0 lost, 0 duplicated, every bad input a 4xx problem+json, no stack trace),
        1 otherwise; fault cases only report their figures.
        """;

    /// <summary>Services behind the host.</summary>
    public E2eBackend Backend { get; init; } = E2eBackend.Embedded;

    /// <summary>Submissions in all.</summary>
    public int Submissions { get; init; } = 200;

    /// <summary>Clients at once.</summary>
    public int Clients { get; init; } = 8;

    /// <summary>Longest load run.</summary>
    public int TimeoutSeconds { get; init; } = 300;

    /// <summary>Run the load.</summary>
    public bool Load { get; init; } = true;

    /// <summary>Run the fault cases.</summary>
    public bool Faults { get; init; }

    /// <summary>Print <see cref="Usage"/> and stop.</summary>
    public bool Help { get; init; }

    /// <summary>Parses the arguments after the <c>load</c> verb.</summary>
    /// <exception cref="E2eUsageException">An unknown option, a missing or invalid value.</exception>
    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            switch (name)
            {
                case "-h" or "--help":
                    return options with { Help = true };
                case "--faults":
                    options = options with { Faults = true };
                    continue;
                case "--only-faults":
                    options = options with { Faults = true, Load = false };
                    continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new E2eUsageException(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value." : $"Unexpected argument '{name}'.");
            }

            var value = args[++i];
            options = name switch
            {
                "--backend" => options with { Backend = value switch
                {
                    "memory" or "embedded" => E2eBackend.Embedded,
                    "azure" => E2eBackend.Azure,
                    _ => throw new E2eUsageException($"--backend must be memory or azure, not '{value}'."),
                } },
                "--submissions" => options with { Submissions = Integer(name, value, 1, 5000) },
                "--clients" => options with { Clients = Integer(name, value, 1, 64) },
                "--timeout" => options with { TimeoutSeconds = Integer(name, value, 10, 3600) },
                _ => throw new E2eUsageException($"Unknown option '{name}'."),
            };
        }

        return options;
    }

    private static int Integer(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw new E2eUsageException($"{name} must be a whole number from {min} to {max}, not '{value}'.");
}
