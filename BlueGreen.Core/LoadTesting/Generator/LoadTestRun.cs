using System.Diagnostics;
using System.Threading.Channels;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// A running load test, from <see cref="LoadGenerator.Start"/>. Publishes one sample per client and one merged
/// sample (<see cref="LoadSample.Client"/> null, after the clients' ones) per second, in second order, and ends with a
/// <see cref="LoadTestSummary"/>. Stop it with the cancellation token given to Start, then await <see cref="Completion"/>.
/// </summary>
/// <remarks>
/// Threads: one dedicated pacer thread (pauses 0.5 ms between passes, see PacerSleep; .NET timers tick at ~4.5 ms
/// on Linux, too coarse) starts every due request, on itself up to a budget and on the thread pool after it; a
/// collector task publishes each second once all its requests have ended, merging clients' counters and histograms
/// there and nowhere on the hot path.
/// </remarks>
public sealed partial class LoadTestRun
{
    // The pacer starts this far after Start() returns, so thread start-up is not counted as lateness.
    private static readonly TimeSpan s_startLead = TimeSpan.FromMilliseconds(20);

    // After a stop, requests in flight get this long to finish before they are aborted.
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(1);

    private readonly Channel<LoadSample> _samples = Channel.CreateUnbounded<LoadSample>(
        new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = false });
    private readonly ClientRunner[] _runners;
    private readonly LoadTestPlan _plan;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationToken _stopToken;
    private readonly CancellationTokenSource _abort = new();
    private readonly HistogramPool _pool = new();
    private readonly TimeoutSlots _timeouts;
    private readonly long _startTicks;

    private LoadTestRun(LoadTestPlan plan, Func<LoadTestRequest, int, IRequestSender> senderFactory, TimeProvider timeProvider, CancellationToken stopToken)
    {
        _plan = plan;
        _timeProvider = timeProvider;
        _stopToken = stopToken;
        var request = plan.Request;
        _startTicks = Stopwatch.GetTimestamp() + LoadTestPlan.ToTicks(s_startLead.TotalSeconds);
        StartedAt = timeProvider.GetUtcNow() + s_startLead;
        _timeouts = new TimeoutSlots(request.Timeout, _abort.Token);
        _runners = new ClientRunner[request.Clients];
        for (var i = 0; i < _runners.Length; i++)
        {
            var sender = senderFactory(request, i);
            _runners[i] = request.Model == LoadModel.ClosedLoop
                ? new ClosedLoopClientRunner(i, plan, sender, _pool, _startTicks, _timeouts)
                : new OpenClientRunner(i, plan, sender, _pool, _startTicks, _timeouts);
        }
        // All fields are initialised (field initialisers of every part run first), so the threads may start here.
        var pacer = new Thread(PacerLoop)
        {
            IsBackground = true,
            Name = "BlueGreen load pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        pacer.Start();
        Completion = CollectAsync();
    }

    /// <summary>The request being run.</summary>
    public LoadTestRequest Request => _plan.Request;

    /// <summary>Wall-clock time (from the generator's <see cref="TimeProvider"/>) of second 0.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>
    /// The per-second samples, in second order; completes after the last one (with the run's error, if it failed).
    /// Unbounded: an unread run keeps its samples in memory (a few KB per second). Read with <c>ReadAllAsync</c>.
    /// </summary>
    public ChannelReader<LoadSample> Samples => _samples.Reader;

    /// <summary>The summary, once every sample has been published and all connections are closed.</summary>
    public Task<LoadTestSummary> Completion { get; }

    internal static LoadTestRun Start(LoadTestPlan plan, Func<LoadTestRequest, int, IRequestSender> senderFactory, TimeProvider timeProvider, CancellationToken stopToken) =>
        new(plan, senderFactory, timeProvider, stopToken);
}
