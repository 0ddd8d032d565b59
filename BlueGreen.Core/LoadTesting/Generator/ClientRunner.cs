using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// One client of a run: its sender (connection pool), its in-flight count and its per-second buckets.
/// Threads: <see cref="Pace"/> and <see cref="Stop"/> run on the pacer thread only; requests complete on pool threads;
/// <see cref="TryTakeClosed"/> runs on the collector only. Buckets are created in second order, without gaps, from 0.
/// </summary>
internal abstract class ClientRunner : IDisposable
{
    private readonly ConcurrentQueue<SecondBucket> _buckets = new();
    private readonly IRequestSender _sender;
    private readonly HistogramPool _pool;
    private readonly TimeoutSlots _timeouts;
    private int _inFlight;
    private volatile bool _finished;

    protected ClientRunner(int index, LoadTestPlan plan, IRequestSender sender, HistogramPool pool, long startTicks, TimeoutSlots timeouts)
    {
        Index = index;
        Plan = plan;
        _sender = sender;
        _pool = pool;
        StartTicks = startTicks;
        _timeouts = timeouts;
    }

    public int Index { get; }

    public bool IsFinished => _finished;

    public bool HasOpenBuckets => !_buckets.IsEmpty;

    protected LoadTestPlan Plan { get; }

    protected long StartTicks { get; }

    protected int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Pacer thread: issues everything due at <paramref name="now"/>; returns true once the schedule is done.</summary>
    public abstract bool Pace(long now);

    /// <summary>Pacer thread: ends the schedule early (nothing more is issued; the last bucket is cut at <paramref name="now"/>).</summary>
    public abstract void Stop(long now);

    /// <summary>Collector: takes the oldest bucket if it can be published now (settled, or overdue and then sealed).</summary>
    public bool TryTakeClosed(long now, long forceAfterTicks, [NotNullWhen(true)] out SecondBucket? bucket, out long overdue)
    {
        overdue = 0;
        if (!_buckets.TryPeek(out bucket) || !bucket.IsIssueComplete)
        {
            bucket = null;
            return false;
        }
        if (!bucket.IsSettled)
        {
            var secondEnd = StartTicks + (bucket.Second + 1L) * LoadTestPlan.TicksPerSecond;
            if (now - secondEnd < forceAfterTicks)
            {
                bucket = null;
                return false;
            }
            overdue = bucket.Seal();
        }
        _buckets.TryDequeue(out _);
        return true;
    }

    public void Dispose() => _sender.Dispose();

    protected SecondBucket NewBucket(int second)
    {
        var bucket = new SecondBucket(second, Plan.DurationOfSecond(second), _pool.Rent(), _pool.Rent());
        _buckets.Enqueue(bucket);
        return bucket;
    }

    /// <summary>Shortens <paramref name="bucket"/> to end at <paramref name="elapsedTicks"/> (an early or count-based end).</summary>
    protected static void CutAt(SecondBucket bucket, long elapsedTicks)
    {
        var covered = (elapsedTicks - bucket.Second * LoadTestPlan.TicksPerSecond) / (double)LoadTestPlan.TicksPerSecond;
        bucket.DurationSeconds = Math.Clamp(covered, 0, bucket.DurationSeconds);
    }

    protected void MarkFinished() => _finished = true;

    protected void IncrementInFlight() => Interlocked.Increment(ref _inFlight);

    /// <summary>
    /// Runs one sent request to its end and records it in its bucket. Never throws. Pooled: a caller must consume
    /// the result exactly once (await it, or GetResult once it has completed), which returns its box to the pool.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    internal async ValueTask ExecuteAsync(SecondBucket bucket, long intendedTicks)
    {
        RequestOutcome outcome;
        var sendTicks = Stopwatch.GetTimestamp();
        try
        {
            // One token per 10-ms slot: cancelled 0-10 ms after this request's timeout, or at an abort.
            outcome = await _sender.SendAsync(_timeouts.TokenFor(sendTicks)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // A stop aborts what is in flight; anything else that cancels (our timeout, the handler's connect
            // timeout) is a timeout. A request that reached its timeout just as the stop came counts as a timeout.
            var timedOut = Stopwatch.GetTimestamp() - sendTicks >= Plan.TimeoutTicks;
            outcome = RequestOutcome.Failed(_timeouts.Abort.IsCancellationRequested && !timedOut ? FailureKind.Aborted : FailureKind.Timeout);
        }
        catch (Exception)
        {
            // A sender must report failures as outcomes; if one throws anyway, count it rather than lose the request.
            outcome = RequestOutcome.Failed(FailureKind.Other);
        }
        try
        {
            var endTicks = Stopwatch.GetTimestamp();
            bucket.Complete(outcome, endTicks - intendedTicks, endTicks - sendTicks);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
