using ImageFunctions.Storage;
using ImageFunctions.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// The request deadline (<see cref="BackendDeadline"/>) and the submission's clean-up, on real Azurite, Redis and Durable with a
/// store that hangs or fails where a stalled storage account would: every request answers, and a clean-up never replaces the answer.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class BackendDeadlineTests(AzuriteFixture azurite, RedisFixture redis)
{
    /// <summary>Far above the 1 s deadline set here; a request that waits for the hanging store never answers at all.</summary>
    private static readonly TimeSpan NoHang = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> OneSecondDeadline = new() { ["ImageFunctions:Backends:RequestTimeoutSeconds"] = "1" };

    private Task<AppHost> StartAsync(Func<IImageStore, IImageStore> decorate) =>
        AppHost.StartAsync(azurite, redis, OneSecondDeadline, services => services.DecorateImageStore(decorate));

    [Fact]
    public async Task GetImage_StoreHangsIgnoringCancellation_Answers503WithRetryAfter()
    {
        await using var host = await StartAsync(inner => new HangingStore(inner, hangReads: true));
        var response = await host.Api.ImageAsync(Jobs.JobIds.New(), "a.png").WaitAsync(NoHang);

        var problem = response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.Equal("Timed out", problem.GetProperty("title").GetString());
        Assert.Equal("5", response.Header("Retry-After"));
    }

    [Fact]
    public async Task SubmitJob_SaveFailsAndCleanUpHangs_Answers503WithoutWaitingForTheCleanUp()
    {
        await using var host = await StartAsync(inner => new HangingStore(inner, failSaves: true, hangDeletes: true));

        var response = await host.Api.SubmitAsync(new MultipartRequest().File("a.png", TestImages.Png())).WaitAsync(NoHang);

        response.AssertProblem(StatusCodes.Status503ServiceUnavailable);
        Assert.Equal("5", response.Header("Retry-After"));
    }

    [Fact]
    public async Task SubmitJob_RefusedAndCleanUpFails_AnswersTheRefusalNotTheCleanUpsFault()
    {
        await using var host = await StartAsync(inner => new HangingStore(inner, failDeletes: true));
        var request = new MultipartRequest().File("a.png", TestImages.Png()).File("b.png", "not an image"u8.ToArray());

        var response = await host.Api.SubmitAsync(request).WaitAsync(NoHang);

        response.AssertProblem(StatusCodes.Status415UnsupportedMediaType);
        Assert.DoesNotContain("disk on fire", response.Text, StringComparison.Ordinal);
    }

    /// <summary>A store that hangs (never completes, whatever the cancellation token says) or fails where it is told to.</summary>
    private sealed class HangingStore(IImageStore inner, bool hangReads = false, bool failSaves = false, bool hangDeletes = false, bool failDeletes = false)
        : DelegatingImageStore(inner)
    {
        private static readonly Task Never = new TaskCompletionSource().Task;

        public override async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
        {
            if (hangReads)
            {
                await Never;
            }

            return await base.OpenReadAsync(container, name, cancellationToken);
        }

        public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken) =>
            failSaves
                ? throw new StorageUnavailableException("Blob Storage refused the write.", new IOException("connection reset"))
                : base.SaveAsync(container, name, content, contentType, cancellationToken);

        public override Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken) =>
            hangDeletes ? Never
            : failDeletes ? throw new InvalidOperationException("disk on fire")
            : base.DeletePrefixAsync(container, prefix, cancellationToken);
    }
}
