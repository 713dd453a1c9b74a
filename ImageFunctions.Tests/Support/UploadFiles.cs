namespace ImageFunctions.Tests.Support;

/// <summary>Generated uploads for the end-to-end checks, built on <see cref="Tests.TestImages"/>.</summary>
public static class UploadFiles
{
    /// <summary><paramref name="count"/> distinct RGB PNGs of varying sizes, named <c>img-NN.png</c>.</summary>
    public static IReadOnlyList<UploadFile> Pngs(int count, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => new UploadFile($"img-{i:00}.png", TestImages.Png(40 + random.Next(60), 30 + random.Next(50), seed * 100 + i)))
            .ToArray();
    }

    /// <summary>Starts like a PNG (signature and header) so it is accepted at upload, but cannot be decoded.</summary>
    public static UploadFile CorruptPng(string name) => new(name, TestImages.TruncatedPng());

    /// <summary>What the engine produces for <paramref name="input"/> with <paramref name="filter"/> (original format).</summary>
    public static byte[] Expected(UploadFile input, string filter) => TestImages.EngineOutput(input.Content, filter);
}
