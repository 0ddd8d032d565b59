using System.Collections.Concurrent;
using BlueGreen.Core.LoadTesting.Statistics;
using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Recycles the per-second concurrent histograms (about 190 KB each, on the large object heap): a run only holds
/// the seconds still open, so in steady state nothing is allocated. Rented by the pacer, returned by the collector.
/// </summary>
internal sealed class HistogramPool
{
    private readonly ConcurrentQueue<LongConcurrentHistogram> _free = new();

    public LongConcurrentHistogram Rent() => _free.TryDequeue(out var histogram) ? histogram : LatencyHistograms.CreateConcurrent();

    public void Return(LongConcurrentHistogram histogram)
    {
        histogram.Reset();
        _free.Enqueue(histogram);
    }
}
