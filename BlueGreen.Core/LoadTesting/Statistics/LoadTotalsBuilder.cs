using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>Adds up samples into <see cref="LoadTotals"/>, merging their histograms. Not thread-safe.</summary>
internal sealed class LoadTotalsBuilder
{
    private readonly LongHistogram _latency = LatencyHistograms.Create();
    private readonly LongHistogram _service = LatencyHistograms.Create();
    private FailureCounts _failures = FailureCounts.None;
    private int _seconds;
    private double _duration;
    private long _intended, _sent, _ok, _unsent, _bytes;

    /// <summary>Adds a sample; pass its live histograms when at hand to save decoding the encoded ones.</summary>
    public void Add(LoadSample sample, HistogramBase? latency = null, HistogramBase? service = null)
    {
        _seconds++;
        _duration += sample.DurationSeconds;
        _intended += sample.Intended;
        _sent += sample.Sent;
        _ok += sample.Ok;
        _unsent += sample.Unsent;
        _bytes += sample.BytesReceived;
        _failures = _failures.Plus(sample.Failures);
        AddHistogram(_latency, latency, sample.LatencyHistogram);
        AddHistogram(_service, service, sample.ServiceTimeHistogram);
    }

    public LoadTotals Build() => new()
    {
        Seconds = _seconds,
        DurationSeconds = _duration,
        Intended = _intended,
        Sent = _sent,
        Ok = _ok,
        Failures = _failures,
        Unsent = _unsent,
        BytesReceived = _bytes,
        Latency = LatencyStats.From(_latency),
        ServiceTime = LatencyStats.From(_service),
        LatencyHistogram = EncodedHistogram.Encode(_latency),
        ServiceTimeHistogram = EncodedHistogram.Encode(_service),
    };

    private static void AddHistogram(LongHistogram target, HistogramBase? live, EncodedHistogram encoded)
    {
        if (live is not null)
        {
            target.Add(live);
        }
        else if (encoded.CompressedBase64.Length > 0)
        {
            target.Add(encoded.Decode());
        }
    }
}
