using System.Globalization;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// How the repository starts Azurite. Every start passes the same <see cref="SharedFlags"/>: tools/package.json's
/// <c>azurite</c> script (the one the README gives), docker-compose.yml, <see cref="AzuriteFixture"/>, <see cref="HttpsAzurite"/>
/// and the end-to-end benchmark (which compiles this file in too); they differ only in where the data lives, which address
/// Azurite listens on and, for <see cref="HttpsAzurite"/>, HTTPS with bearer tokens. <c>Unit/Tooling/AzuriteConsistencyTests</c> checks all of them against this list.
/// </summary>
public static class AzuriteCommand
{
    /// <summary>
    /// <c>--skipApiVersionCheck</c>: Azurite refuses requests whose <c>x-ms-version</c> is newer than it knows, and the
    /// Functions host and newer storage SDKs send such versions long before an Azurite release accepts them.
    /// <c>--loose</c>: ignore headers and parameters Azurite does not implement instead of failing the request.
    /// <c>--silent</c>: no access log. <c>--disableTelemetry</c>: Azurite sends no usage data.
    /// </summary>
    public static IReadOnlyList<string> SharedFlags { get; } = ["--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry"];

    /// <summary>Arguments for an Azurite that keeps its data in memory and listens on loopback on the given ports.</summary>
    /// <param name="skipApiVersionCheck">False only in tests of the API versions the app itself sends.</param>
    public static string[] InMemoryOnLoopback(int blobPort, int queuePort, int tablePort, bool skipApiVersionCheck = true) =>
    [
        "--blobHost", "127.0.0.1", "--blobPort", Text(blobPort),
        "--queueHost", "127.0.0.1", "--queuePort", Text(queuePort),
        "--tableHost", "127.0.0.1", "--tablePort", Text(tablePort),
        "--inMemoryPersistence", .. SharedFlags.Where(flag => skipApiVersionCheck || flag != "--skipApiVersionCheck"),
    ];

    /// <summary>
    /// <see cref="InMemoryOnLoopback"/> over HTTPS with <paramref name="certificate"/> and <paramref name="key"/> (PEM files),
    /// taking bearer tokens (<c>--oauth basic</c>): for identity-based connections, which send tokens only over HTTPS.
    /// </summary>
    public static string[] HttpsWithOAuth(int blobPort, int queuePort, int tablePort, string certificate, string key) =>
        [.. InMemoryOnLoopback(blobPort, queuePort, tablePort), "--oauth", "basic", "--cert", certificate, "--key", key];

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}
