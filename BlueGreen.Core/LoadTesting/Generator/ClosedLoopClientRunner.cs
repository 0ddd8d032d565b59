using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Closed loop: <see cref="LoadTestRequest.ConnectionsPerClient"/> loops, each sending its next request when the
/// previous one ended. The pacer starts the loops (spread over the ramp-up) and owns the current second's bucket;
/// loops count into whichever bucket is current when they send (the intended time is the send time).
/// </summary>
internal sealed class ClosedLoopClientRunner : ClientRunner
{
    private readonly int _loops;
    private readonly bool _byCount;
    private long _remaining;
    private int _loopsStarted;
    private SecondBucket? _current;

    public ClosedLoopClientRunner(int index, LoadTestPlan plan, IRequestSender sender, HistogramPool pool, long startTicks, TimeoutSlots timeouts)
        : base(index, plan, sender, pool, startTicks, timeouts)
    {
        _loops = plan.Request.ConnectionsPerClient;
        _byCount = plan.Request.RequestsPerClient is not null;
        _remaining = plan.RequestsPerClient;
    }

    public override bool Pace(long now)
    {
        var elapsed = now - StartTicks;
        if (elapsed < 0)
        {
            return false;
        }
        if (_current is null)
        {
            Volatile.Write(ref _current, NewBucket(0));
        }
        while (_loopsStarted < _loops && Plan.RampUpTicks * _loopsStarted / _loops <= elapsed)
        {
            _loopsStarted++;
            ThreadPool.UnsafeQueueUserWorkItem(static runner => _ = runner.RunLoopAsync(), this, preferLocal: false);
        }
        var second = (int)Math.Min(elapsed / LoadTestPlan.TicksPerSecond, Plan.LastSecond);
        while (_current.Second < second)
        {
            // Publish the new bucket before closing the old one, so a loop that finds the old one closed finds
            // the new one on its next read.
            var previous = _current;
            Volatile.Write(ref _current, NewBucket(previous.Second + 1));
            previous.CloseIssue();
        }
        var done = _byCount ? Volatile.Read(ref _remaining) <= 0 : elapsed >= Plan.EndTicks;
        if (done)
        {
            Finish(elapsed);
        }
        return done;
    }

    public override void Stop(long now) => Finish(now - StartTicks);

    private void Finish(long elapsed)
    {
        if (_current is { } last)
        {
            Volatile.Write(ref _current, null);
            CutAt(last, elapsed);
            last.CloseIssue();
        }
        MarkFinished();
    }

    private async Task RunLoopAsync()
    {
        while (EnterIssue() is { } bucket)
        {
            // The count covers measured requests only; warm-up requests are extra.
            if (_byCount && bucket.Second >= Plan.WarmUpSeconds && Interlocked.Decrement(ref _remaining) < 0)
            {
                bucket.ExitIssue();
                return;
            }
            bucket.CountSent();
            IncrementInFlight();
            bucket.ExitIssue();
            await ExecuteAsync(bucket, Stopwatch.GetTimestamp()).ConfigureAwait(false);
        }
    }

    private SecondBucket? EnterIssue()
    {
        var spin = new SpinWait();
        while (Volatile.Read(ref _current) is { } bucket)
        {
            if (bucket.TryEnterIssue())
            {
                return bucket;
            }
            spin.SpinOnce();
        }
        return null; // finished
    }
}
