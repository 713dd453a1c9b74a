using System.Globalization;
using System.Text;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>The host's resident set, once a second, while it is idle after the last run (<c>--idle-seconds</c>).</summary>
/// <param name="Samples">(seconds since the last run ended, RSS in bytes), the first at 0 s.</param>
internal sealed record IdleWatch(IReadOnlyList<(int Second, long RssBytes)> Samples)
{
    /// <summary>The resident set the issue asks the idle host to return under.</summary>
    public const long IdleTargetBytes = 300L << 20;

    private const double MiB = 1024 * 1024;

    /// <summary>Reads the RSS of <paramref name="processId"/> every second for <paramref name="seconds"/> seconds, printing every tenth.</summary>
    public static async Task<IdleWatch> RunAsync(int processId, int seconds, CancellationToken cancellationToken)
    {
        var samples = new List<(int, long)>();
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        for (var second = 0; ; second++)
        {
            if (RssSampler.ReadRss(processId) is { } rss)
            {
                samples.Add((second, rss));
                if (second % 10 == 0)
                {
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"idle {second} s: RSS {rss / MiB:0} MiB"));
                }
            }

            if (second >= seconds || !await timer.WaitForNextTickAsync(cancellationToken))
            {
                return new IdleWatch(samples);
            }
        }
    }

    /// <summary>One line: the RSS at 0 s and every 10 s, and when it first went under <see cref="IdleTargetBytes"/>.</summary>
    public string Describe()
    {
        var text = new StringBuilder("Server RSS while idle after the last run:");
        foreach (var (second, rss) in Samples.Where(s => s.Second % 10 == 0 || s == Samples[^1]))
        {
            text.Append(CultureInfo.InvariantCulture, $" {second} s {rss / MiB:0} MiB,");
        }

        text.Length--;
        var under = Samples.FirstOrDefault(s => s.RssBytes < IdleTargetBytes);
        text.Append(Samples.Any(s => s.RssBytes < IdleTargetBytes)
            ? string.Create(CultureInfo.InvariantCulture, $" (under {IdleTargetBytes / MiB:0} MiB after {under.Second} s).")
            : string.Create(CultureInfo.InvariantCulture, $" (never under {IdleTargetBytes / MiB:0} MiB)."));
        return text.ToString();
    }
}
