using ImageFunctions.Tests.Support;
using ImageFunctions.Jobs;
using ImageFunctions.Jobs.Notifications;
using System.Diagnostics.Metrics;
using ImageFunctions.Telemetry;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace ImageFunctions.Tests.Unit.Jobs;

/// <summary>
/// <see cref="ProcessJobOrchestrator.ProcessJob"/> against a mocked <see cref="TaskOrchestrationContext"/>: no engine, no
/// services, no storage. The mock is strict, so every test also shows the orchestrator touches nothing but its input, its
/// activities, its custom status, its replay-safe logger and Durable's replay-safe clock, ids and timers (no system clock).
/// Activities are tasks the test completes, in the order it chooses; the engine-backed behaviour is in
/// <c>InProcess/Api/ProcessJobOrchestrationTests</c>, the webhook's in <c>InProcess/Api/NotificationTests</c>.
/// </summary>
public sealed class ProcessJobOrchestratorTests
{
    private readonly Mock<TaskOrchestrationContext> _context = new(MockBehavior.Strict);
    private readonly List<ActivityCall> _activities = [];
    private readonly List<JobProgress> _statuses = [];
    private readonly RecordingLogger _logger = new();
    private readonly List<JobNotification> _notifications = [];
    private readonly Queue<object> _plannedAttempts = new();
    private readonly List<TimeSpan> _timers = [];
    private static readonly DateTime Now = new(2026, 12, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid DeliveryGuid = Guid.Parse("6f1c2e4a-9b7d-4c3e-8a5f-0d1e2f3a4b5c");

    public ProcessJobOrchestratorTests()
    {
        _context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(_logger);
        _context.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => _statuses.Add(Assert.IsType<JobProgress>(status)));
        _context.Setup(c => c.CallActivityAsync<ImageOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? options) =>
            {
                var call = new ActivityCall(name, input, options);
                _activities.Add(call);
                return call.Result.Task;
            });
        _context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        _context.Setup(c => c.NewGuid()).Returns(DeliveryGuid);
        _context.Setup(c => c.CreateTimer(It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .Returns((TimeSpan delay, CancellationToken _) =>
            {
                _timers.Add(delay);
                return Task.CompletedTask;
            });
        _context.Setup(c => c.CallActivityAsync<NotificationAttempt>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? input, TaskOptions? _) =>
            {
                Assert.Equal(new TaskName(NotificationDelivery.ActivityName), name);
                _notifications.Add(Assert.IsType<JobNotification>(input));
                return _plannedAttempts.TryDequeue(out var planned)
                    ? planned is Exception ex ? Task.FromException<NotificationAttempt>(ex) : Task.FromResult((NotificationAttempt)planned)
                    : Task.FromResult(NotificationAttempt.Success);
            });
    }

    [Fact]
    public void ProcessJob_ThreeImages_SchedulesOneProcessImageActivityPerImageAtOnce()
    {
        var spec = Spec(3);

        var job = Start(spec);

        Assert.Equal(3, _activities.Count);
        Assert.All(_activities, call => Assert.Equal(new TaskName(nameof(ProcessImageActivity.ProcessImage)), call.Name));
        Assert.Equal(spec.Images, _activities.Select(call => call.Input));
        Assert.All(_activities, call => Assert.Same(ProcessJobOrchestrator.ActivityRetry, call.Options));
        Assert.False(job.IsCompleted);
    }

    [Fact]
    public async Task ProcessJob_AllImagesSucceed_ResultHasEveryOutcomeInTheSpecsOrder()
    {
        var spec = Spec(3);
        var job = Start(spec);

        // They finish in reverse order; the result still lists the images as the spec does.
        for (var i = 2; i >= 0; i--)
        {
            _activities[i].Succeed();
        }

        var result = await job;
        Assert.Equal(spec.JobId, result.JobId);
        Assert.Equal(_activities.Select(call => call.Outcome), result.Images);
        Assert.Equal((3, 0), (result.Succeeded, result.Failed));
    }

    [Fact]
    public async Task ProcessJob_OneImageFails_ResultCountsItAndKeepsItsError()
    {
        var job = Start(Spec(3));

        _activities[0].Succeed();
        _activities[1].Fail("The image data is corrupt.");
        _activities[2].Succeed();

        var result = await job;
        Assert.Equal([true, false, true], result.Images.Select(o => o.Succeeded));
        Assert.Equal("The image data is corrupt.", result.Images[1].Error);
        Assert.Equal((2, 1), (result.Succeeded, result.Failed));
    }

    [Fact]
    public async Task ProcessJob_ActivityThrowsAfterItsRetries_ThatImageFailsWithTheReasonAndTheOthersComplete()
    {
        var spec = Spec(3);
        var job = Start(spec);

        _activities[0].Succeed();
        _activities[1].Throw(new TaskFailedException(
            nameof(ProcessImageActivity.ProcessImage), 7, new TaskFailureDetails("Azure.RequestFailedException", "Service unavailable", null, null, null)));
        _activities[2].Succeed();

        var result = await job;
        var image = spec.Images[1];
        Assert.Equal(
            new ImageOutcome(image.TaskId, image.FileName, image.OutputName, false, "Processing failed after retries: Service unavailable"),
            result.Images[1]);
        Assert.Equal((2, 1), (result.Succeeded, result.Failed));
        Assert.Equal(new JobProgress(3, 2, 1), _statuses[^1]);
    }

    [Fact]
    public async Task ProcessJob_ActivityCallThrowsSomethingOtherThanATaskFailure_TheOrchestrationFails()
    {
        var job = Start(Spec(2));

        _activities[0].Succeed();
        _activities[1].Throw(new InvalidOperationException("A bug, not a failed image."));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => job);
        Assert.Equal("A bug, not a failed image.", error.Message);
    }

    [Fact]
    public async Task ProcessJob_ImagesFinishOneByOne_CustomStatusCountsEachAsItFinishes()
    {
        var job = Start(Spec(3));
        Assert.Equal([new JobProgress(3, 0, 0)], _statuses);

        _activities[2].Succeed();
        Assert.Equal(new JobProgress(3, 1, 0), _statuses[^1]);
        _activities[0].Fail("Too many pixels.");
        Assert.Equal(new JobProgress(3, 1, 1), _statuses[^1]);
        _activities[1].Succeed();
        await job;

        Assert.Equal([new JobProgress(3, 0, 0), new JobProgress(3, 1, 0), new JobProgress(3, 1, 1), new JobProgress(3, 2, 1)], _statuses);
        Assert.Equal([3, 2, 1, 0], _statuses.Select(s => s.Pending));
    }

    [Fact]
    public async Task ProcessJob_ActivitiesAlreadyFinished_AsOnAReplay_SameResultAndStatuses()
    {
        var spec = Spec(2);
        _context.Setup(c => c.CallActivityAsync<ImageOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) => Task.FromResult(Succeeded((ImageTask)input!)));

        var job = Start(spec);

        Assert.True(job.IsCompletedSuccessfully);
        Assert.Equal(spec.Images.Select(Succeeded), (await job).Images);
        Assert.Equal([new JobProgress(2, 0, 0), new JobProgress(2, 1, 0), new JobProgress(2, 2, 0)], _statuses);
    }

    [Fact]
    public async Task ProcessJob_WindowOfTwo_SchedulesTwoAndTheNextImageInOrderAsEachFinishes()
    {
        var spec = Spec(5, maxInFlight: 2);
        var job = Start(spec);
        Assert.Equal(spec.Images.Take(2), _activities.Select(call => call.Input));

        _activities[1].Succeed();
        Assert.Equal(spec.Images.Take(3), _activities.Select(call => call.Input));
        _activities[0].Fail("Corrupt.");
        Assert.Equal(spec.Images.Take(4), _activities.Select(call => call.Input));
        _activities[3].Succeed();
        _activities[2].Succeed();
        Assert.Equal(spec.Images, _activities.Select(call => call.Input));
        Assert.False(job.IsCompleted);
        _activities[4].Succeed();

        var result = await job;
        Assert.Equal(spec.Images.Select(i => i.TaskId), result.Images.Select(o => o.TaskId));
        Assert.Equal((4, 1), (result.Succeeded, result.Failed));
        Assert.Equal(new JobProgress(5, 4, 1), _statuses[^1]);
        Assert.All(_activities, call => Assert.Same(ProcessJobOrchestrator.ActivityRetry, call.Options));
    }

    [Fact]
    public async Task ProcessJob_WindowedActivitiesAlreadyFinished_AsOnAReplay_SchedulesTheSameActivitiesInTheSameOrder()
    {
        // Live: the window of 3 schedules images 1-3, then one more as each finishes (here in reverse).
        var spec = Spec(6, maxInFlight: 3);
        var live = Start(spec);
        while (_activities.FirstOrDefault(call => call.Outcome is null) is not null)
        {
            _activities.Last(call => call.Outcome is null).Succeed();
        }

        var liveResult = await live;
        var liveOrder = _activities.Select(call => call.Input.TaskId).ToList();

        // Replay: every activity's result is already in the history, so each call completes at once.
        _activities.Clear();
        var replayOrder = new List<string>();
        _context.Setup(c => c.CallActivityAsync<ImageOutcome>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) =>
            {
                replayOrder.Add(((ImageTask)input!).TaskId);
                return Task.FromResult(Succeeded((ImageTask)input!));
            });
        var replayed = await Start(spec);

        Assert.Equal(liveOrder, replayOrder);
        Assert.Equal(spec.Images.Select(i => i.TaskId), liveOrder);
        Assert.Equal(liveResult.Images, replayed.Images);
    }

    [Fact]
    public void ProcessJob_SpecWithoutAWindow_AsStartedBeforeWindowsExisted_SchedulesEveryImageAtOnce()
    {
        Start(Spec(20, maxInFlight: null));

        Assert.Equal(20, _activities.Count);
    }

    [Fact]
    public async Task ProcessJob_NoImages_CompletesAtOnceWithAnEmptyResult()
    {
        var job = Start(Spec(0));

        Assert.True(job.IsCompletedSuccessfully);
        Assert.Empty((await job).Images);
        Assert.Empty(_activities);
        Assert.Equal([new JobProgress(0, 0, 0)], _statuses);
    }

    [Fact]
    public async Task ProcessJob_NoInput_FailsBeforeSchedulingAnything()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Start(spec: null));

        Assert.Empty(_activities);
        Assert.Empty(_statuses);
    }

    [Fact]
    public async Task ProcessJob_TwoImagesOneFailed_LogsStartAndEndThroughAReplaySafeLogger()
    {
        var spec = Spec(2);
        var job = Start(spec);
        _activities[0].Succeed();
        _activities[1].Fail("Unsupported format.");
        await job;

        _context.Verify(c => c.CreateReplaySafeLogger(nameof(ProcessJobOrchestrator.ProcessJob)), Times.Once);
        Assert.Equal(
            [$"Job {spec.JobId} started with 2 images, filter blur", $"Job {spec.JobId} finished: 1 succeeded, 1 failed"],
            _logger.Messages);
    }

    [Fact]
    public async Task ProcessJob_Finished_ResultRecordsWhenFromDurablesClock()
    {
        var job = Start(Spec(1));
        _activities[0].Succeed();

        Assert.Equal(new DateTimeOffset(Now), (await job).CompletedAt);
    }

    [Fact]
    public async Task ProcessJob_NoNotifyUrl_SendsNoNotification()
    {
        var job = Start(Spec(2));
        _activities[0].Succeed();
        _activities[1].Fail("Corrupt.");

        Assert.Null((await job).Notification);
        Assert.Empty(_notifications);
        Assert.Empty(_timers);
    }

    [Fact]
    public async Task ProcessJob_WithNotifyUrl_NotifiesOnceAfterTheLastImageWithTheFinalResult()
    {
        var spec = Spec(2, Notify);
        var job = Start(spec);

        _activities[1].Succeed();
        Assert.Empty(_notifications);
        _activities[0].Fail("Corrupt.");

        var result = await job;
        var notification = Assert.Single(_notifications);
        Assert.Same(spec, notification.Spec);
        Assert.Equal(DeliveryGuid.ToString(), notification.DeliveryId);
        Assert.Equal(result.Images, notification.Result!.Images);
        Assert.Equal(new DateTimeOffset(Now), notification.Result.CompletedAt);
        Assert.Null(notification.Result.Notification);
        Assert.Null(notification.Cancellation);
        Assert.Equal(new NotificationOutcome(NotificationStatuses.Delivered, 1, DeliveryGuid.ToString(), null), result.Notification);
        Assert.Equal((1, 1), (result.Succeeded, result.Failed));
    }

    [Fact]
    public async Task ProcessJob_ReceiverFailsTwice_RetriesWithBackoffAndTheSameDeliveryId()
    {
        _plannedAttempts.Enqueue(NotificationAttempt.Failure("The receiver answered 500."));
        _plannedAttempts.Enqueue(new TaskFailedException(
            NotificationDelivery.ActivityName, 9, new TaskFailureDetails("System.InvalidOperationException", "A bug in the activity", null, null, null)));
        var job = Start(Spec(1, Notify));
        _activities[0].Succeed();

        var result = await job;
        Assert.Equal(3, _notifications.Count);
        Assert.Single(_notifications.Select(n => n.DeliveryId).Distinct());
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _timers);
        Assert.Equal(new NotificationOutcome(NotificationStatuses.Delivered, 3, DeliveryGuid.ToString(), null), result.Notification);
    }

    [Fact]
    public async Task ProcessJob_ReceiverAlwaysFails_JobCompletesAndRecordsTheFailureAfterFiveAttempts()
    {
        for (var i = 1; i <= 5; i++)
        {
            _plannedAttempts.Enqueue(NotificationAttempt.Failure($"The receiver answered 50{i}."));
        }

        var job = Start(Spec(1, Notify));
        _activities[0].Succeed();

        var result = await job;
        Assert.Equal(NotificationDelivery.MaxAttempts, _notifications.Count);
        Assert.Equal([2, 4, 8, 16], _timers.Select(t => t.TotalSeconds));
        Assert.Equal(new NotificationOutcome(NotificationStatuses.Failed, 5, DeliveryGuid.ToString(), "The receiver answered 505."), result.Notification);
        Assert.Equal((1, 0), (result.Succeeded, result.Failed));
    }

    [Fact]
    public async Task ProcessJob_TargetRefused_GivesUpAtOnce()
    {
        _plannedAttempts.Enqueue(NotificationAttempt.Refusal("The notification target resolves to a loopback address."));
        var job = Start(Spec(1, Notify));
        _activities[0].Succeed();

        var result = await job;
        Assert.Single(_notifications);
        Assert.Empty(_timers);
        Assert.Equal(new NotificationOutcome(NotificationStatuses.Failed, 1, DeliveryGuid.ToString(), "The notification target resolves to a loopback address."), result.Notification);
    }

    [Theory]
    [InlineData(10, 1, 10)]
    [InlineData(10, 2, 20)]
    [InlineData(10, 4, 80)]
    [InlineData(200, 3, 300)] // at most MaxRetryInterval
    [InlineData(0.05, 2, 0.1)]
    public void RetryDelay_DoublesFromTheFirstUpToTheMaximum(double first, int retry, double expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), NotificationDelivery.RetryDelay(first, retry));

    [Fact]
    public void ActivityRetry_IsTheDocumentedPolicy()
    {
        var policy = ProcessJobOrchestrator.ActivityRetry.Retry?.Policy;

        Assert.NotNull(policy);
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.FirstRetryInterval);
        Assert.Equal(2, policy.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(15), policy.MaxRetryInterval);
    }

    /// <summary>Runs the orchestrator with <paramref name="spec"/> as its input up to its first wait.</summary>
    private Task<JobResult> Start(JobSpec? spec)
    {
        _context.Setup(c => c.GetInput<JobSpec>()).Returns(spec);
        _context.Setup(c => c.IsReplaying).Returns(false); // the jobs-in-flight metric is recorded only when not replaying
        Task<JobResult>? job = null;
        var metrics = new ImageMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        OrchestrationThread.Run(() => job = new ProcessJobOrchestrator(metrics).ProcessJob(_context.Object));
        return job!;
    }


    private static readonly NotifyTarget Notify = new("https://hooks.example.com/jobs", 2);

    private static JobSpec Spec(int images, NotifyTarget? notify = null, int? maxInFlight = null) => new(
        "0123456789abcdef0123456789abcdef",
        "blur",
        "original",
        90,
        DateTimeOffset.UnixEpoch,
        Enumerable.Range(1, images)
            .Select(i => new ImageTask("0123456789abcdef0123456789abcdef", $"task{i}", $"photo{i}.png", $"0123456789abcdef0123456789abcdef/task{i}", $"photo{i}.png", "blur", "original", 90))
            .ToList(),
        notify,
        MaxInFlight: maxInFlight);

    private static ImageOutcome Succeeded(ImageTask task) => new(task.TaskId, task.FileName, task.OutputName, true, null);

    /// <summary>One <c>CallActivityAsync</c> call; the test decides when and how it ends (on the orchestration thread).</summary>
    private sealed class ActivityCall(TaskName name, object? input, TaskOptions? options)
    {
        public TaskName Name { get; } = name;
        public ImageTask Input { get; } = Assert.IsType<ImageTask>(input);
        public TaskOptions? Options { get; } = options;
        public TaskCompletionSource<ImageOutcome> Result { get; } = new();
        public ImageOutcome? Outcome { get; private set; }

        public void Succeed() => Finish(Succeeded(Input));

        public void Fail(string error) => Finish(new ImageOutcome(Input.TaskId, Input.FileName, Input.OutputName, false, error));

        public void Throw(Exception exception) => OrchestrationThread.Run(() => Result.SetException(exception));

        private void Finish(ImageOutcome outcome)
        {
            Outcome = outcome;
            OrchestrationThread.Run(() => Result.SetResult(outcome));
        }
    }

    /// <summary>Keeps the formatted messages logged through it.</summary>
    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
