using ImageFunctions.Api.Submission;

namespace ImageFunctions.Tests.Unit.Api;

/// <summary>The "same request" fingerprint of an <c>Idempotency-Key</c>: equal for equal requests, different for any change that matters.</summary>
public sealed class RequestFingerprintTests
{
    private sealed record Part(string Name, byte[] Bytes);

    private static string Of(
        IReadOnlyList<Part> files,
        string? filter = "blur",
        IReadOnlyDictionary<string, string>? fields = null,
        string? format = null,
        int chunk = 4096)
    {
        using var fingerprint = new RequestFingerprint();
        fingerprint.AddQuery("filter", filter is null ? null : [filter]);
        fingerprint.AddQuery("format", format is null ? null : [format]);
        fingerprint.AddQuery("quality", null);
        fingerprint.AddQuery("notify_url", null);
        foreach (var file in files)
        {
            fingerprint.BeginFile(file.Name);
            for (var offset = 0; offset < file.Bytes.Length; offset += chunk)
            {
                fingerprint.AddFileBytes(file.Bytes.AsSpan(offset, Math.Min(chunk, file.Bytes.Length - offset)));
            }

            fingerprint.EndFile();
        }

        fingerprint.AddFields(fields ?? new Dictionary<string, string>());
        return fingerprint.Finish();
    }

    private static readonly Part A = new("a.png", [1, 2, 3, 4, 5]);
    private static readonly Part B = new("b.png", [6, 7, 8]);

    [Fact]
    public void SameRequest_SameFingerprint_HowEverTheBytesAreChunked()
    {
        var big = new Part("big.png", Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());

        Assert.Equal(Of([A, big]), Of([A, big], chunk: 7));
        Assert.Matches("^[0-9a-f]{64}$", Of([A]));
    }

    [Fact]
    public void EveryChangeThatMatters_ChangesTheFingerprint()
    {
        var baseline = Of([A, B]);
        string[] changed =
        [
            Of([B, A]),                                               // order
            Of([A]),                                                  // a file fewer
            Of([A, B with { Name = "c.png" }]),                       // a name
            Of([A, B with { Bytes = [6, 7, 9] }]),                    // a byte
            Of([A, B], filter: "invert"),                             // the filter
            Of([A, B], filter: null),                                 // the filter's absence
            Of([A, B], format: "png"),                                // the format
            Of([A, B], fields: new Dictionary<string, string> { ["filter"] = "blur" }), // a form field
        ];

        Assert.All(changed, c => Assert.NotEqual(baseline, c));
        Assert.Equal(changed.Length, changed.Distinct().Count());
    }

    [Fact]
    public void BytesMovedBetweenNameAndContent_ChangeTheFingerprint() =>
        Assert.NotEqual(Of([new Part("ab", [1]), new Part("c", [2])]), Of([new Part("a", [(byte)'b', 1]), new Part("c", [2])]));

    [Fact]
    public void Fields_InAnyOrderOrCase_SameFingerprint() =>
        Assert.Equal(
            Of([A], fields: new Dictionary<string, string> { ["filter"] = "blur", ["format"] = "png" }),
            Of([A], fields: new Dictionary<string, string> { ["FORMAT"] = "png", ["filter"] = "blur" }));

    [Fact]
    public void QueryParameters_AreTheOnesThatChangeTheJob() =>
        Assert.Equal(["filter", "format", "quality", "notify_url"], RequestFingerprint.QueryParameters);
}
