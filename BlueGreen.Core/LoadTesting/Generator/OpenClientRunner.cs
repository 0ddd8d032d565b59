using System.Collections.Concurrent;
using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Open model: the pacer issues request <c>i</c> once its intended time (from the <see cref="ArrivalSchedule"/>)
/// is due, or counts it unsent when the in-flight cap is reached. A pass's due requests form one
/// <see cref="RequestBatch"/>, started on the pacer thread up to a time budget and on a pool thread after it. Never
/// delays a request: when the pacer itself was late (GC, a busy machine), it catches up at once and the lateness
/// shows in the latency.
/// </summary>
internal sealed class OpenClientRunner : ClientRunner
{
    // How long one pass may spend starting requests on the pacer thread: at 20k/s (20 per pass), the lean sender's
    // ~10 µs each fit; a costlier sender (HttpClient's, 25-30 µs) starts the rest on the pool.
    private static readonly long s_inlineBudgetTicks = Stopwatch.Frequency / 4000;

    private readonly ArrivalSchedule _schedule;
    private readonly int _cap;
    private readonly ConcurrentQueue<RequestBatch> _freeBatches = new();
    private readonly Action<RequestBatch> _recycle;
    private long _next;
    private SecondBucket? _current;

    public OpenClientRunner(int index, LoadTestPlan plan, IRequestSender sender, HistogramPool pool, long startTicks, TimeoutSlots timeouts)
        : base(index, plan, sender, pool, startTicks, timeouts)
    {
        _schedule = plan.Schedule ?? throw new ArgumentException("An open-model plan needs a schedule.", nameof(plan));
        _cap = plan.Request.InFlightCapPerClient;
        _recycle = _freeBatches.Enqueue;
    }

    public override bool Pace(long now)
    {
        var elapsed = now - StartTicks;
        RequestBatch? batch = null;
        while (_next < Plan.RequestsPerClient)
        {
            var due = LoadTestPlan.ToTicks(_schedule.TimeOf(_next));
            if (due > elapsed)
            {
                break;
            }
            // Attributed to the second of its intended time (clamped: rounding at the very end of the schedule).
            var bucket = BucketFor((int)Math.Min(due / LoadTestPlan.TicksPerSecond, Plan.LastSecond));
            // Only this thread increments in-flight, so the check cannot be overtaken.
            if (InFlight >= _cap)
            {
                bucket.CountUnsent();
            }
            else
            {
                bucket.CountSent();
                IncrementInFlight();
                batch ??= _freeBatches.TryDequeue(out var free) ? free : new RequestBatch(this, _recycle);
                batch.Add(bucket, StartTicks + due);
            }
            _next++;
        }
        // Started here, on the pacer, for up to the budget (see RequestBatch); the rest goes to the pool.
        batch?.Start(Stopwatch.GetTimestamp() + s_inlineBudgetTicks);
        if (elapsed >= Plan.EndTicks)
        {
            // Every request is intended before the end, so all have been issued by now.
            BucketFor(Plan.LastSecond).MarkIssueComplete();
            MarkFinished();
            return true;
        }
        if (elapsed >= 0)
        {
            // Everything intended before this second has been issued: create empty seconds, complete earlier ones.
            BucketFor((int)(elapsed / LoadTestPlan.TicksPerSecond));
        }
        return false;
    }

    public override void Stop(long now)
    {
        if (_current is { } last)
        {
            CutAt(last, now - StartTicks);
            last.MarkIssueComplete();
        }
        MarkFinished();
    }

    private SecondBucket BucketFor(int second)
    {
        _current ??= NewBucket(0);
        while (_current.Second < second)
        {
            var previous = _current;
            _current = NewBucket(previous.Second + 1);
            previous.MarkIssueComplete();
        }
        return _current;
    }
}
