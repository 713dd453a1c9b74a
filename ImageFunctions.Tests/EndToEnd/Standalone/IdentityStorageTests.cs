using System.Text.Json;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Tests.Infrastructure;
using ImageFunctions.Tests.InProcess.Standalone;
using Xunit.Abstractions;

namespace ImageFunctions.Tests.EndToEnd.Standalone;

/// <summary>
/// The standalone host as users start it, with an identity-based <c>AzureWebJobsStorage</c> given as Azure gives it (environment
/// variables; a user-assigned managed identity by client id): the images and the Azure Storage Durable backend's task hub live
/// in a real Azurite that takes only bearer tokens over HTTPS, and every token comes from the managed identity endpoint for
/// that client id. Azure's managed identity endpoint is the one stand-in.
/// </summary>
public sealed class IdentityStorageTests(ITestOutputHelper output)
{
    private const string ClientId = "6f1c2b8e-0d4a-4c3e-9b7f-2a5d8e1f0c9b";

    [Fact]
    public async Task ProcessJob_ManagedIdentityConnection_RunsOnAzuriteWithTheIdentitysTokens()
    {
        await using var azurite = await HttpsAzurite.StartAsync();
        await using var identity = await ManagedIdentityEndpoint.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "",
            ["ImageFunctions__Storage__ConnectionString"] = "",
            ["AzureWebJobsStorage__blobServiceUri"] = azurite.BlobServiceUri,
            ["AzureWebJobsStorage__queueServiceUri"] = azurite.QueueServiceUri,
            ["AzureWebJobsStorage__tableServiceUri"] = azurite.TableServiceUri,
            ["AzureWebJobsStorage__credential"] = "managedidentity",
            ["AzureWebJobsStorage__clientId"] = ClientId,
            ["IDENTITY_ENDPOINT"] = identity.Endpoint,
            ["IDENTITY_HEADER"] = identity.Header,
            ["SSL_CERT_FILE"] = azurite.CertificatePath,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = AzureStorageEndToEndTests.UniqueHubName("identity"),
        };
        var inputs = UploadFiles.Pngs(3, seed: 23);

        using var host = await HostProcess.StartAsync(FreePort.Next(), environment, TimeSpan.FromSeconds(90));
        using var api = JobApi.For(host.Address);
        var health = await api.HealthAsync();
        var jobId = (await api.SubmitAsync(inputs, EndToEndScenarios.Chain)).JobId;
        var status = await api.WaitUntilReadyAsync(jobId, TimeSpan.FromMinutes(2));
        var zip = await api.DownloadZipAsync(jobId);
        output.WriteLine(host.Output);

        Assert.Contains($"identity-based, {azurite.BlobServiceUri}, ManagedIdentityCredential", host.Output, StringComparison.Ordinal);
        Assert.Contains("azure-storage (task hub identity", host.Output, StringComparison.Ordinal);
        Assert.Equal(200, health.Status);
        Assert.Equal("blob", health.Json.GetProperty("checks").GetProperty("storage").GetProperty("backend").GetString());
        Assert.Equal(JobStatuses.Completed, status.Status);
        foreach (var input in inputs)
        {
            TestImages.AssertSamePixels(UploadFiles.Expected(input, EndToEndScenarios.Chain), zip[input.Name], input.Name);
        }

        Assert.NotEmpty(identity.Requests);
        Assert.All(identity.Requests, request =>
        {
            Assert.Equal(ClientId, request.ClientId);
            Assert.Equal("https://storage.azure.com", request.Resource?.TrimEnd('/'));
        });
    }
}
