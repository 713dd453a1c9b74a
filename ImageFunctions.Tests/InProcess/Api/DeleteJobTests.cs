using System.Collections.Concurrent;
using ImageFunctions.Jobs;
using ImageFunctions.Storage;
using Microsoft.AspNetCore.Http;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary><c>DELETE /delete-job/{job_id}</c> on real Azurite, Redis and the Durable engine: cancel, delete, repeat.</summary>
[Collection(ServicesCollection.Name)]
public sealed class DeleteJobTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task Delete_FinishedJob_Returns204AndLeavesNothing()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = (await host.Api.SubmitAsync(UploadFiles.Pngs(2), "invert")).JobId;
        await host.WaitForJobAsync(jobId);
        Assert.Equal(StatusCodes.Status200OK, (await host.Api.ImageAsync(jobId, "img-00.png")).Status);

        var response = await host.Api.DeleteAsync(jobId);

        Assert.Equal(StatusCodes.Status204NoContent, response.Status);
        await AssertGoneAsync(host, jobId, "img-00.png");
    }

    [Fact]
    public async Task Delete_Twice_SecondAnswers404()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);
        var jobId = (await host.Api.SubmitAsync(UploadFiles.Pngs(1), "invert")).JobId;
        await host.WaitForJobAsync(jobId);

        Assert.Equal(StatusCodes.Status204NoContent, (await host.Api.DeleteAsync(jobId)).Status);
        (await host.Api.DeleteAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-job-id")]
    public async Task Delete_UnknownJob_Returns404Problem(string jobId)
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        (await host.Api.DeleteAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Delete_RunningJob_StopsItsWorkAndDeletesEverything()
    {
        // Every upload read takes a second, so 8 images are loading (host.json allows 8 activities) and 12 wait.
        // The 8 have their bytes when the delete lands: only the checks before the engine and the save can stop them.
        var uploads = $"uploads-del-{Guid.NewGuid():N}"[..30];
        CountingStore? counting = null;
        await using var host = await AppHost.StartAsync(azurite, redis,
            new Dictionary<string, string?> { ["ImageFunctions:Storage:UploadsContainer"] = uploads },
            services => services.DecorateImageStore(inner => counting = new CountingStore(inner, uploads, TimeSpan.FromSeconds(1))));
        var jobId = (await host.Api.SubmitAsync(UploadFiles.Pngs(20), "invert")).JobId;
        await WaitUntilAsync(() => counting!.UploadReads >= 1);

        var response = await host.Api.DeleteAsync(jobId);

        Assert.Equal(StatusCodes.Status202Accepted, response.Status);
        var readsAtDelete = counting!.UploadReads;
        await AssertGoneAsync(host, jobId, "img-00.png");

        // Let every activity that was loading reach its next stage; none may save, and the waiting ones never load.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(counting.ResultsSaved, name => name.StartsWith(jobId, StringComparison.Ordinal));
        Assert.True(counting.UploadReads <= 8, $"{counting.UploadReads} uploads were read (8 activities at most were running at the delete, {readsAtDelete} had started)");
        Assert.Empty(await ListAsync(host.Store, host.Options.Storage.ProcessedContainer, jobId));
        Assert.Null(await host.Client.GetInstanceAsync(jobId));
    }

    private static async Task AssertGoneAsync(AppHost host, string jobId, string imageName)
    {
        (await host.Api.StatusAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
        (await host.Api.DownloadAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
        Assert.Equal(StatusCodes.Status404NotFound, (await host.Api.ImageAsync(jobId, imageName)).Status);
        Assert.Empty(await ListAsync(host.Store, host.Options.Storage.UploadsContainer, jobId));
        Assert.Empty(await ListAsync(host.Store, host.Options.Storage.ProcessedContainer, jobId));
        Assert.Null(await host.Get<IJobStateStore>().GetJobAsync(jobId, default));
        Assert.Empty(await host.Get<IJobStateStore>().GetImageStatesAsync(jobId, default));
    }

    private static async Task<List<string>> ListAsync(IImageStore store, string container, string jobId)
    {
        var names = new List<string>();
        await foreach (var item in store.ListAsync(container, JobBlobNames.JobPrefix(jobId), default))
        {
            names.Add(item.Name);
        }

        return names;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the job to start");
            await Task.Delay(20);
        }
    }

    /// <summary>Slow reads of the uploads container (the slowness after the open); counts them, and records every result saved.</summary>
    private sealed class CountingStore(IImageStore inner, string uploads, TimeSpan delay) : DelegatingImageStore(inner)
    {
        private int _uploadReads;

        public int UploadReads => Volatile.Read(ref _uploadReads);

        public ConcurrentQueue<string> ResultsSaved { get; } = new();

        public override async Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
        {
            if (container != uploads)
            {
                return await base.OpenReadAsync(container, name, cancellationToken);
            }

            // Opened first, then slow: the activity gets its upload, and the delete lands before it moves on.
            Interlocked.Increment(ref _uploadReads);
            var stored = await base.OpenReadAsync(container, name, cancellationToken);
            await Task.Delay(delay, cancellationToken);
            return stored;
        }

        public override Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
        {
            if (container != uploads)
            {
                ResultsSaved.Enqueue(name);
            }

            return base.SaveAsync(container, name, content, contentType, cancellationToken);
        }
    }
}
