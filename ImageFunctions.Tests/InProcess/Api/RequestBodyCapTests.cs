using ImageFunctions.Api.Submission;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// A body over the cap the limits call for (<see cref="RequestBodyLimit"/>, set on Kestrel by the host) is a 413
/// problem+json from the submission, not a 500 or a cut connection, and leaves nothing stored.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RequestBodyCapTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Theory]
    [InlineData(false)] // Content-Length over the cap: Kestrel refuses at the first read
    [InlineData(true)]  // chunked: Kestrel counts while the parts are read
    public async Task SubmitJob_BodyOverTheCap_Returns413Problem(bool chunked)
    {
        var limits = new LimitsOptions { MaxFiles = 2, MaxFileBytes = 1000 };
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxFiles"] = "2",
            ["ImageFunctions:Limits:MaxFileBytes"] = "1000",
        });
        var cap = RequestBodyLimit.For(limits);
        // A valid image, then a part the reader skips (not a 'files' field) but must still read through: over the cap.
        var body = new MultipartRequest()
            .File("a.png", TestImages.Png(8, 8), contentType: "image/png")
            .File("big.bin", new byte[cap + 1], field: "attachment");
        var request = new HttpRequestMessage(HttpMethod.Post, "/process-job?filter=blur") { Content = body.Content };
        request.Headers.TransferEncodingChunked = chunked;

        var response = await host.Api.SendAsync(request);

        var problem = response.AssertProblem(StatusCodes.Status413PayloadTooLarge);
        Assert.Contains(cap.ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
    }

    [Fact]
    public async Task SubmitJob_BodyJustUnderTheCap_IsRead()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Limits:MaxFiles"] = "2",
            ["ImageFunctions:Limits:MaxFileBytes"] = "1000",
        });
        var body = new MultipartRequest()
            .File("a.png", TestImages.Png(8, 8), contentType: "image/png")
            .File("big.bin", new byte[RequestBodyLimit.FormFieldsBytes], field: "attachment");

        var response = await host.Api.SubmitAsync(body);

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
    }
}
