using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImageFunctions.Tests.Infrastructure;

/// <summary>
/// A real Azurite (Blob, Queue and Table) that takes bearer tokens: over HTTPS with a self-signed certificate made for it,
/// with <c>--oauth basic</c> (it checks a token's audience, issuer and lifetime, not its signature). For identity-based
/// connections, which send tokens only over HTTPS. A process trusts the certificate through <c>SSL_CERT_FILE</c>.
/// </summary>
public sealed class HttpsAzurite : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ServiceProcess _process;
    private readonly string _folder;

    private HttpsAzurite(ServiceProcess process, string folder, int[] ports)
    {
        _process = process;
        _folder = folder;
        BlobServiceUri = ServiceUri(ports[0]);
        QueueServiceUri = ServiceUri(ports[1]);
        TableServiceUri = ServiceUri(ports[2]);
    }

    /// <summary>The PEM certificate Azurite serves (its own root).</summary>
    public string CertificatePath => Path.Combine(_folder, "cert.pem");

    public string BlobServiceUri { get; }
    public string QueueServiceUri { get; }
    public string TableServiceUri { get; }

    /// <summary>Starts Azurite on free loopback ports and waits until all three services listen.</summary>
    public static async Task<HttpsAzurite> StartAsync()
    {
        if (!File.Exists(AzuriteFixture.ExecutablePath))
        {
            throw new InvalidOperationException($"Azurite was not found at {AzuriteFixture.ExecutablePath}. {AzuriteFixture.InstallHint}");
        }

        var folder = Directory.CreateTempSubdirectory("imagefunctions-azurite-tls-").FullName;
        var (certificate, key) = (Path.Combine(folder, "cert.pem"), Path.Combine(folder, "key.pem"));
        WriteCertificate(certificate, key);
        var ports = FreePort.Next(3);
        var process = ServiceProcess.Start(
            "azurite-https", AzuriteFixture.ExecutablePath, AzuriteCommand.HttpsWithOAuth(ports[0], ports[1], ports[2], certificate, key), AzuriteFixture.InstallHint);
        var azurite = new HttpsAzurite(process, folder, ports);

        var clock = Stopwatch.StartNew();
        while (!(await FreePort.IsListeningAsync(ports[0]) && await FreePort.IsListeningAsync(ports[1]) && await FreePort.IsListeningAsync(ports[2])))
        {
            if (azurite._process.HasExited || clock.Elapsed > StartTimeout)
            {
                var message = azurite._process.Describe($"Azurite (HTTPS) did not listen on ports {string.Join('/', ports)}");
                await azurite.DisposeAsync();
                throw new InvalidOperationException(message);
            }

            await Task.Delay(100);
        }

        return azurite;
    }

    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    // A self-signed root for 127.0.0.1, so that trusting it alone is enough.
    private static void WriteCertificate(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, false, 0, critical: true));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    private static string ServiceUri(int port) => $"https://127.0.0.1:{Port(port)}/{AzuriteFixture.AccountName}";

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
