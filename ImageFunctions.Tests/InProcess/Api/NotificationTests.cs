using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ImageFunctions.Api.Contracts;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace ImageFunctions.Tests.InProcess.Api;

/// <summary>
/// The completion webhook (<c>notify_url</c>) over real HTTP: the app on Azurite, Redis and the Durable engine, the
/// receiver a Kestrel app of the test on a loopback port, allow-listed by the settings (loopback is refused otherwise).
/// </summary>
[Collection(ServicesCollection.Name)]
public sealed class NotificationTests(AzuriteFixture azurite, RedisFixture redis)
{
    private const string Secret = "whsec_notification_tests_0123456789";

    [Fact]
    public async Task Job_WithNotifyUrl_PostsOneSignedFinalStatusDocument()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await AppHost.StartAsync(azurite, redis, Settings());

        var jobId = await host.Api.SubmitJobAsync(Images(2), $"?filter=invert&notify_url={Uri.EscapeDataString(receiver.Url)}");
        await host.WaitForJobAsync(jobId);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(("POST", "/hooks/jobs"), (request.Method, request.Path));
        Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        AssertSigned(request);
        var deliveryId = request.Header(WebhookSignature.DeliveryHeader);
        Assert.True(Guid.TryParse(deliveryId, out _), $"delivery id '{deliveryId}'");

        var sent = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(JobStatuses.Completed, (string?)sent["status"]);
        Assert.True((bool)sent["all_ready"]!);
        Assert.Equal([ImageStatuses.Success, ImageStatuses.Success], sent["results"]!.AsArray().Select(r => (string?)r!["status"]));
        Assert.False(sent.ContainsKey("notification"));

        // The final status document is the one that was sent, and it tells how the delivery went.
        var status = JsonNode.Parse((await host.Api.StatusAsync(jobId)).Body)!.AsObject();
        var notification = status["notification"]!;
        Assert.Equal((NotificationStatuses.Delivered, 1, deliveryId), ((string?)notification["status"], (int)notification["attempts"]!, (string?)notification["delivery_id"]));
        Assert.Null(notification["error"]);
        status.Remove("notification");
        Assert.True(JsonNode.DeepEquals(status, sent), $"status document {status.ToJsonString()}\nsent {sent.ToJsonString()}");
    }

    [Fact]
    public async Task Receiver_FailsTwiceThenAccepts_ThreeAttemptsWithOneDeliveryIdAndDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync(answer: n => n <= 2 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK);
        await using var host = await AppHost.StartAsync(azurite, redis, Settings());

        // As a form field this time.
        var jobId = await host.Api.SubmitJobAsync(Images(1).Field("notify_url", receiver.Url), "?filter=invert");
        await host.WaitForJobAsync(jobId);

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Header(WebhookSignature.DeliveryHeader)).Distinct());
        Assert.All(receiver.Requests, AssertSigned);
        var status = await host.Api.StatusAsync(jobId);
        var notification = status.Json.GetProperty("notification");
        Assert.Equal(NotificationStatuses.Delivered, notification.GetProperty("status").GetString());
        Assert.Equal(3, notification.GetProperty("attempts").GetInt32());
        Assert.Equal(receiver.Requests[0].Header(WebhookSignature.DeliveryHeader), notification.GetProperty("delivery_id").GetString());
    }

    [Fact]
    public async Task Receiver_AlwaysFails_JobStaysCompletedAndTheStatusShowsTheFailedDelivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync(answer: _ => StatusCodes.Status503ServiceUnavailable);
        await using var host = await AppHost.StartAsync(azurite, redis, Settings());

        var jobId = await host.Api.SubmitJobAsync(Images(1), $"?filter=invert&notify_url={Uri.EscapeDataString(receiver.Url)}");
        var instance = await host.WaitForJobAsync(jobId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal(NotificationDelivery.MaxAttempts, receiver.Requests.Count);
        var status = (await host.Api.StatusAsync(jobId)).Json;
        Assert.Equal(JobStatuses.Completed, status.GetProperty("status").GetString());
        Assert.True(status.GetProperty("all_successful").GetBoolean());
        var notification = status.GetProperty("notification");
        Assert.Equal(NotificationStatuses.Failed, notification.GetProperty("status").GetString());
        Assert.Equal(5, notification.GetProperty("attempts").GetInt32());
        Assert.Equal("The receiver answered 503.", notification.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Job_WithoutNotifyUrl_StatusLeavesNotificationOut()
    {
        await using var host = await AppHost.StartAsync(azurite, redis, Settings());

        var jobId = await host.Api.SubmitJobAsync(Images(1), "?filter=invert");
        await host.WaitForJobAsync(jobId);

        Assert.False((await host.Api.StatusAsync(jobId)).Json.TryGetProperty("notification", out _));
    }

    [Theory]
    [InlineData("query")]
    [InlineData("form")]
    public async Task Submit_LoopbackNotifyUrlNotAllowListed_Returns400AndSchedulesNothing(string where)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await AppHost.StartAsync(azurite, redis, Settings(allowed: ""));
        var request = Images(1);
        var query = "?filter=invert";
        if (where == "query")
        {
            query += "&notify_url=" + Uri.EscapeDataString(receiver.Url);
        }
        else
        {
            request.Field("notify_url", receiver.Url);
        }

        var problem = (await host.Api.SubmitAsync(request, query)).AssertProblem(StatusCodes.Status400BadRequest);

        Assert.Contains("loopback", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await host.ListAsync(host.Options.Storage.UploadsContainer));
        await foreach (var _ in host.Client.GetAllInstancesAsync())
        {
            Assert.Fail("A refused job was scheduled.");
        }
    }

    [Fact]
    public async Task Submit_NotifyUrlWithoutSigningSecret_Returns400()
    {
        await using var host = await AppHost.StartAsync(azurite, redis);

        var problem = (await host.Api.SubmitAsync(Images(1), "?filter=invert&notify_url=https%3A%2F%2Fhooks.example.com%2Fx"))
            .AssertProblem(StatusCodes.Status400BadRequest);

        Assert.Contains("does not send notifications", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RunningJobWithNotifyUrl_NotifiesCancelledAndTheNoticeIsPurgedOnceSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var uploads = $"uploads-ntf-{Guid.NewGuid():N}"[..30];
        var settings = Settings();
        settings["ImageFunctions:Storage:UploadsContainer"] = uploads;
        await using var host = await AppHost.StartAsync(azurite, redis, settings,
            services => services.DecorateImageStore(inner => new SlowImageStore(inner, uploads, TimeSpan.FromSeconds(2))));
        var jobId = await host.Api.SubmitJobAsync(Images(3), $"?filter=invert&notify_url={Uri.EscapeDataString(receiver.Url)}");

        Assert.Equal(StatusCodes.Status202Accepted, (await host.Api.DeleteAsync(jobId)).Status);

        var noticeId = NotifyJobCancelledOrchestrator.InstanceId(jobId);
        var notice = await host.WaitForJobAsync(noticeId);
        Assert.Equal(NotificationStatuses.Delivered, notice.ReadOutputAs<NotificationOutcome>()!.Status);
        var request = Assert.Single(receiver.Requests);
        AssertSigned(request);
        var sent = JsonNode.Parse(request.Body)!;
        Assert.Equal((jobId, JobStatuses.Cancelled), ((string?)sent["job_id"], (string?)sent["status"]));
        Assert.Equal(3, sent["results"]!.AsArray().Count);
        Assert.NotNull(sent["completed_at"]);

        // The notice holds the deleted job's spec: the hourly clean-up purges it once it has ended.
        await host.Get<RetentionCleaner>().CleanAsync(host.Client, default);
        Assert.Null(await host.Client.GetInstanceAsync(noticeId));
        (await host.Api.StatusAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Delete_JobRetryingItsNotification_StopsItAndSendsNoCancelledNotice()
    {
        // The images are done and the first delivery failed: the orchestration waits a minute before the next attempt.
        await using var receiver = await WebhookReceiver.StartAsync(answer: _ => StatusCodes.Status500InternalServerError);
        var settings = Settings();
        settings["ImageFunctions:Notifications:FirstRetrySeconds"] = "60";
        await using var host = await AppHost.StartAsync(azurite, redis, settings);
        var jobId = await host.Api.SubmitJobAsync(Images(1), $"?filter=invert&notify_url={Uri.EscapeDataString(receiver.Url)}");
        await WaitUntilAsync(() => receiver.Requests.Count == 1);

        Assert.Equal(StatusCodes.Status202Accepted, (await host.Api.DeleteAsync(jobId)).Status);

        // The job had completed its images: it was not cancelled, so no such notice is scheduled.
        Assert.Null(await host.Client.GetInstanceAsync(NotifyJobCancelledOrchestrator.InstanceId(jobId)));
        Assert.Single(receiver.Requests);
        (await host.Api.StatusAsync(jobId)).AssertProblem(StatusCodes.Status404NotFound);
    }

    [Fact]
    public async Task Sender_HostNameResolvingToLoopback_IsRefusedAtDeliveryWithoutConnecting()
    {
        // Submission only sees the name; the delivery resolves it and refuses every non-public address.
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await AppHost.StartAsync(azurite, redis, Settings(allowed: ""));
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var attempt = await host.Get<WebhookSender>().SendAsync(url, Guid.NewGuid().ToString(), "{}"u8.ToArray(), default);

        Assert.Equal((false, false), (attempt.Delivered, attempt.Retry));
        Assert.Contains("a loopback address", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Sender_HostNameOnTheAllowList_IsDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await AppHost.StartAsync(azurite, redis, Settings(allowed: "localhost"));
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var attempt = await host.Get<WebhookSender>().SendAsync(url, Guid.NewGuid().ToString(), "{}"u8.ToArray(), default);

        Assert.True(attempt.Delivered, attempt.Error);
        AssertSigned(Assert.Single(receiver.Requests));
    }

    [Fact]
    public async Task Sender_Redirect_IsNotFollowed()
    {
        await using var elsewhere = await WebhookReceiver.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync(answer: _ => StatusCodes.Status307TemporaryRedirect, redirectTo: elsewhere.Url);
        await using var host = await AppHost.StartAsync(azurite, redis, Settings());

        var attempt = await host.Get<WebhookSender>().SendAsync(receiver.Url, Guid.NewGuid().ToString(), "{}"u8.ToArray(), default);

        Assert.Equal((false, true, "The receiver answered 307."), (attempt.Delivered, attempt.Retry, attempt.Error));
        Assert.Single(receiver.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    private static Dictionary<string, string?> Settings(string allowed = "127.0.0.1") => new()
    {
        ["ImageFunctions:Notifications:SigningSecret"] = Secret,
        ["ImageFunctions:Notifications:AllowHttp"] = "true",
        ["ImageFunctions:Notifications:AllowedHosts"] = allowed,
        ["ImageFunctions:Notifications:FirstRetrySeconds"] = "0.05",
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the receiver");
            await Task.Delay(20);
        }
    }

    private static MultipartRequest Images(int count)
    {
        var request = new MultipartRequest();
        foreach (var file in UploadFiles.Pngs(count))
        {
            request.File(file.Name, file.Content, contentType: "image/png");
        }

        return request;
    }

    /// <summary>Verifies the signature as a receiver would (the README's recipe), independently of the app's code.</summary>
    private static void AssertSigned(ReceivedWebhook request)
    {
        var timestamp = request.Header(WebhookSignature.TimestampHeader);
        Assert.True(long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out _), $"timestamp '{timestamp}'");
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(request.Body).ToArray();
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Equal($"t={timestamp},v1={expected}", request.Header(WebhookSignature.SignatureHeader));
    }
}
