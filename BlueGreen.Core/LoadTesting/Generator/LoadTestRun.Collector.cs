using System.Diagnostics;
using BlueGreen.Core.LoadTesting.Statistics;
using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Generator;

public sealed partial class LoadTestRun
{
    private static readonly TimeSpan s_collectInterval = TimeSpan.FromMilliseconds(50);

    // A second whose requests have not all ended this long after their timeout is published anyway (see SecondBucket).
    private static readonly TimeSpan s_overdueGrace = TimeSpan.FromSeconds(5);

    private readonly LongHistogram _clientLatency = LatencyHistograms.Create();
    private readonly LongHistogram _clientService = LatencyHistograms.Create();
    private readonly LongHistogram _mergedLatency = LatencyHistograms.Create();
    private readonly LongHistogram _mergedService = LatencyHistograms.Create();
    private long _overdue;

    // The collector: every 50 ms, takes the buckets that can be closed, and publishes each second once every client
    // has closed it (or has ended before it). Ends when the pacer is done and every bucket has been published.
    private async Task<LoadTestSummary> CollectAsync()
    {
        var totals = new LoadTotalsBuilder();
        var clientTotals = _runners.Select(_ => new LoadTotalsBuilder()).ToArray();
        var closed = _runners.Select(_ => new Queue<(SecondBucket Bucket, long Overdue)>()).ToArray();
        var forceAfterTicks = _plan.TimeoutTicks + LoadTestPlan.ToTicks(s_overdueGrace.TotalSeconds);
        var nextSecond = 0;
        try
        {
            while (true)
            {
                await Task.Delay(s_collectInterval).ConfigureAwait(false);
                // Read before draining: once the pacer is done, every bucket it will ever create is queued.
                var pacerDone = _pacerDone.Task.IsCompleted;
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < _runners.Length; i++)
                {
                    while (_runners[i].TryTakeClosed(now, forceAfterTicks, out var bucket, out var overdue))
                    {
                        closed[i].Enqueue((bucket, overdue));
                    }
                }
                while (TryPublish(nextSecond, closed, totals, clientTotals))
                {
                    nextSecond++;
                }
                if (pacerDone && (_pacerFault is not null || (_runners.All(r => !r.HasOpenBuckets) && closed.All(q => q.Count == 0))))
                {
                    break;
                }
            }
            if (_pacerFault is not null)
            {
                throw new InvalidOperationException("The load pacer failed.", _pacerFault);
            }
            var summary = new LoadTestSummary
            {
                Request = Request,
                StartedAt = StartedAt,
                EndedAt = _timeProvider.GetUtcNow(),
                Stopped = _stopped,
                Seconds = nextSecond,
                WarmUpSeconds = Math.Min(_plan.WarmUpSeconds, nextSecond),
                Total = totals.Build(),
                PerClient = clientTotals.Select(t => t.Build()).ToArray(),
                OverdueRequests = _overdue,
            };
            _samples.Writer.TryComplete();
            return summary;
        }
        catch (Exception exception)
        {
            _samples.Writer.TryComplete(exception);
            throw;
        }
        finally
        {
            // Normally nothing is in flight any more; an overdue request that is somehow still running is aborted.
            _abort.Cancel();
            foreach (var runner in _runners)
            {
                runner.Dispose();
            }
            _timeouts.Dispose();
            _abort.Dispose();
        }
    }

    private bool TryPublish(int second, Queue<(SecondBucket Bucket, long Overdue)>[] closed, LoadTotalsBuilder totals, LoadTotalsBuilder[] clientTotals)
    {
        var any = false;
        for (var i = 0; i < _runners.Length; i++)
        {
            if (closed[i].TryPeek(out var head) && head.Bucket.Second == second)
            {
                any = true;
            }
            else if (!_runners[i].IsFinished || _runners[i].HasOpenBuckets || closed[i].Count > 0)
            {
                return false; // this client may still close this second
            }
        }
        if (!any)
        {
            return false;
        }
        _mergedLatency.Reset();
        _mergedService.Reset();
        var merged = SecondCounts.Zero;
        var duration = 0.0;
        var warmUp = second < _plan.WarmUpSeconds;
        for (var i = 0; i < _runners.Length; i++)
        {
            if (!closed[i].TryPeek(out var head) || head.Bucket.Second != second)
            {
                continue; // this client ended before this second
            }
            var (bucket, overdue) = closed[i].Dequeue();
            var counts = bucket.ReadCounts(overdue);
            // Copy out of the concurrent histograms once: reading them directly is several times slower.
            _clientLatency.Reset();
            _clientLatency.Add(bucket.Latency);
            _clientService.Reset();
            _clientService.Add(bucket.ServiceTime);
            _pool.Return(bucket.Latency);
            _pool.Return(bucket.ServiceTime);
            var sample = CreateSample(second, i, bucket.DurationSeconds, warmUp, counts, _clientLatency, _clientService);
            _samples.Writer.TryWrite(sample);
            if (!warmUp)
            {
                clientTotals[i].Add(sample, _clientLatency, _clientService);
            }
            merged = merged.Plus(counts);
            _mergedLatency.Add(_clientLatency);
            _mergedService.Add(_clientService);
            duration = Math.Max(duration, bucket.DurationSeconds);
            _overdue += overdue;
        }
        var mergedSample = CreateSample(second, null, duration, warmUp, merged, _mergedLatency, _mergedService);
        _samples.Writer.TryWrite(mergedSample);
        if (!warmUp)
        {
            totals.Add(mergedSample, _mergedLatency, _mergedService);
        }
        return true;
    }

    private LoadSample CreateSample(int second, int? client, double duration, bool warmUp, SecondCounts counts, HistogramBase latency, HistogramBase service) => new()
    {
        Second = second,
        Client = client,
        Start = StartedAt + TimeSpan.FromSeconds(second),
        DurationSeconds = duration,
        IsWarmUp = warmUp,
        Intended = counts.Intended,
        Sent = counts.Sent,
        Ok = counts.Ok,
        Failures = counts.Failures,
        Unsent = counts.Unsent,
        BytesReceived = counts.BytesReceived,
        Latency = LatencyStats.From(latency),
        ServiceTime = LatencyStats.From(service),
        LatencyHistogram = EncodedHistogram.Encode(latency),
        ServiceTimeHistogram = EncodedHistogram.Encode(service),
    };
}
