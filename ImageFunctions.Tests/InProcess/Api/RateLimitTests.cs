using System.Globalization;
using ImageFunctions.Api.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// The per-client limit on <c>POST /process-job</c> over real HTTP, with the real Redis (shared by two app instances,
/// stopped, frozen) and without it. Each test keys its clients by a fresh <c>X-Forwarded-For</c> address (trusted),
/// so the counters left in the shared Redis by other tests or earlier runs never count; the memory test uses the
/// connection's own address, as the default does.
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class RateLimitTests(AzuriteFixture azurite, RedisFixture redis)
{
    [Fact]
    public async Task SubmitJob_OverTheLimitWithRedis_Returns429WithRetryAfterAndUploadsNothing()
    {
        await using var host = await StartAsync(permits: 3, windowSeconds: 60);
        Assert.IsType<RedisFixedWindowCounter>(host.Get<IFixedWindowCounter>());
        var client = NewClient();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        }

        var uploadsBefore = await host.ListAsync(host.Options.Storage.UploadsContainer);
        var refused = await SubmitAsync(host, client);

        var problem = refused.AssertProblem(StatusCodes.Status429TooManyRequests);
        Assert.Contains("At most 3 jobs", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var retryAfter = int.Parse(refused.Header("Retry-After"), CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(uploadsBefore.Count, (await host.ListAsync(host.Options.Storage.UploadsContainer)).Count);
    }

    [Fact]
    public async Task SubmitJob_TwoInstancesSharingRedis_ShareOneBudget()
    {
        await using var first = await StartAsync(permits: 2, windowSeconds: 60);
        await using var second = await StartAsync(permits: 2, windowSeconds: 60);
        var client = NewClient();

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(first, client)).Status);
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(second, client)).Status);

        (await SubmitAsync(first, client)).AssertProblem(StatusCodes.Status429TooManyRequests);
        (await SubmitAsync(second, client)).AssertProblem(StatusCodes.Status429TooManyRequests);
    }

    [Fact]
    public async Task SubmitJob_WithoutRedis_LimitsInMemoryByRemoteAddress()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:Redis:ConnectionString"] = "",
            ["ImageFunctions:RateLimit:Enabled"] = "true",
            ["ImageFunctions:RateLimit:PermitLimit"] = "2",
        });
        Assert.IsType<MemoryFixedWindowCounter>(host.Get<IFixedWindowCounter>());

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host)).Status);
        // Not trusted by default: a forwarded address is the client's own claim and does not make it someone else.
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, NewClient())).Status);
        var refused = await SubmitAsync(host, NewClient());

        refused.AssertProblem(StatusCodes.Status429TooManyRequests);
        Assert.InRange(int.Parse(refused.Header("Retry-After"), CultureInfo.InvariantCulture), 1, 60);
    }

    [Fact]
    public async Task SubmitJob_TrustedForwardedFor_GivesEachClientItsOwnBudget()
    {
        await using var host = await StartAsync(permits: 1, windowSeconds: 60);
        var alice = NewClient();
        var bob = NewClient();

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, alice)).Status);
        (await SubmitAsync(host, alice)).AssertProblem(StatusCodes.Status429TooManyRequests);
        // The last entry is the one the proxy appended; what the client put before it does not matter.
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, $"{alice}, {bob}")).Status);
        (await SubmitAsync(host, bob)).AssertProblem(StatusCodes.Status429TooManyRequests);
    }

    [Fact]
    public async Task SubmitJob_AfterTheWindow_IsAcceptedAgain()
    {
        await using var host = await StartAsync(permits: 1, windowSeconds: 1);
        var client = NewClient();

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        var refused = await SubmitAsync(host, client);
        refused.AssertProblem(StatusCodes.Status429TooManyRequests);
        var retryAfter = int.Parse(refused.Header("Retry-After"), CultureInfo.InvariantCulture);
        Assert.Equal(1, retryAfter);

        await Task.Delay(TimeSpan.FromSeconds(retryAfter) + TimeSpan.FromMilliseconds(100));

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
    }

    [Fact]
    public async Task SubmitJob_RedisStopped_FailsOpenWithAWarning()
    {
        var logs = new LogCollector();
        await using var host = await StartAsync(permits: 1, windowSeconds: 60, logs);
        var client = NewClient();
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        await redis.StopAsync();
        try
        {
            // Over the limit, but nothing can count it: let through, never 429 or 5xx.
            Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
            Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        }
        finally
        {
            await redis.StartAsync();
        }

        Assert.Contains(logs.Entries, e => e.Category == typeof(SubmissionRateLimiter).FullName && e.Level == LogLevel.Warning
            && e.Message.Contains("let through", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitJob_RedisFrozen_FailsOpenAfterTheTimeout()
    {
        var logs = new LogCollector();
        await using var host = await StartAsync(permits: 1, windowSeconds: 60, logs, timeoutMilliseconds: 300);
        var client = NewClient();
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        await redis.FreezeAsync();
        try
        {
            Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        }
        finally
        {
            await redis.ThawAsync();
        }

        Assert.Contains(logs.Entries, e => e.Category == typeof(SubmissionRateLimiter).FullName && e.Level == LogLevel.Warning
            && e.Exception is TimeoutException);
    }

    [Fact]
    public async Task SubmitJob_LimitDisabled_NeverRefuses()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, new Dictionary<string, string?>
        {
            ["ImageFunctions:RateLimit:PermitLimit"] = "1",
            ["ImageFunctions:RateLimit:TrustForwardedFor"] = "true",
        });
        var client = NewClient();

        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
        Assert.Equal(StatusCodes.Status202Accepted, (await SubmitAsync(host, client)).Status);
    }

    private Task<AppHost> StartAsync(int permits, int windowSeconds, LogCollector? logs = null, int? timeoutMilliseconds = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ImageFunctions:RateLimit:Enabled"] = "true",
            ["ImageFunctions:RateLimit:PermitLimit"] = permits.ToString(CultureInfo.InvariantCulture),
            ["ImageFunctions:RateLimit:WindowSeconds"] = windowSeconds.ToString(CultureInfo.InvariantCulture),
            ["ImageFunctions:RateLimit:TrustForwardedFor"] = "true",
        };
        if (timeoutMilliseconds is { } timeout)
        {
            settings["ImageFunctions:RateLimit:RedisTimeoutMilliseconds"] = timeout.ToString(CultureInfo.InvariantCulture);
        }

        return AppHost.StartAsync(azurite, redis, settings, logs is null ? null : services => services.AddSingleton<ILoggerProvider>(logs));
    }

    /// <summary>A fresh client address (documentation range 2001:db8::/32, a new /64 each time).</summary>
    private static string NewClient()
    {
        var bytes = Guid.NewGuid().ToByteArray();
        return string.Create(CultureInfo.InvariantCulture, $"2001:db8:{bytes[0] << 8 | bytes[1]:x}:{bytes[2] << 8 | bytes[3]:x}::1");
    }

    /// <summary>POSTs one small image, as <paramref name="forwardedFor"/> when given.</summary>
    private static Task<ApiResponse> SubmitAsync(AppHost host, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/process-job?filter=blur")
        {
            Content = new MultipartRequest().File("a.png", TestImages.Png(8, 8), contentType: "image/png").Content,
        };
        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        return host.Api.SendAsync(request);
    }
}
