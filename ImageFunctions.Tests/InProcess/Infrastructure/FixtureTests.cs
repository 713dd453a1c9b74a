using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using StackExchange.Redis;

namespace ImageFunctions.Tests.InProcess.Infrastructure;

/// <summary>Proves the shared Azurite and Redis fixtures give tests real, working services.</summary>
[Collection(ServicesCollection.Name)]
public sealed class FixtureTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public void Azurite_ConnectionString_IsExplicitWithAllThreeEndpoints()
    {
        Assert.Contains("AccountName=devstoreaccount1", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint=", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("QueueEndpoint=", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("TableEndpoint=", azurite.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("UseDevelopmentStorage", azurite.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Azurite_Blob_RoundTrips()
    {
        var container = new BlobContainerClient(azurite.ConnectionString, UniqueName("fixture"));
        await container.CreateIfNotExistsAsync();
        try
        {
            var blob = container.GetBlobClient("dir/hello.txt");
            await blob.UploadAsync(BinaryData.FromString("hello azurite"), overwrite: true);

            var downloaded = await blob.DownloadContentAsync();

            Assert.Equal("hello azurite", downloaded.Value.Content.ToString());
        }
        finally
        {
            await container.DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task Azurite_QueueAndTable_Answer()
    {
        var queue = new QueueClient(azurite.ConnectionString, UniqueName("fixture"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("ping");
        var received = await queue.ReceiveMessageAsync();
        Assert.Equal("ping", received.Value.Body.ToString());
        await queue.DeleteAsync();

        var table = new TableClient(azurite.ConnectionString, "fixture" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Value"] = 42 });
        var entity = await table.GetEntityAsync<TableEntity>("p", "r");
        Assert.Equal(42, entity.Value.GetInt32("Value"));
        await table.DeleteAsync();
    }

    [Fact]
    public async Task Redis_SetThenGet_ReturnsValue()
    {
        await using var connection = await ConnectAsync();
        var db = connection.GetDatabase();
        var key = UniqueName("fixture");

        await db.StringSetAsync(key, "value", TimeSpan.FromMinutes(1));

        Assert.Equal("value", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public async Task Redis_StopThenStart_FailsThenRecovers()
    {
        await using var connection = await ConnectAsync();
        var db = connection.GetDatabase();
        var key = UniqueName("fixture");
        await db.StringSetAsync(key, "before");

        await redis.StopAsync();
        try
        {
            Assert.False(redis.IsRunning);
            await Assert.ThrowsAnyAsync<RedisException>(() => db.StringGetAsync(key));
        }
        finally
        {
            await redis.StartAsync();
        }

        Assert.True(redis.IsRunning);
        // The same multiplexer reconnects on its own; the new server is empty (no persistence).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await db.StringSetAsync(key, "after");
                break;
            }
            catch (RedisException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        Assert.Equal("after", (string?)await db.StringGetAsync(key));
    }

    [Fact]
    public void RepositoryRoot_HoldsToolsPackageJson()
    {
        Assert.True(File.Exists(RepositoryRoot.Combine("tools", "package.json")));
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.ReconnectRetryPolicy = new LinearRetry(250);
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
