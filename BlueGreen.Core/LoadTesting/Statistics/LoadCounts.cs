namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// What a <see cref="LoadSample"/> (one second) and <see cref="LoadTotals"/> (a span of seconds) both hold: request
/// counts, bytes, latency with its histograms, and the rates derived from them.
/// </summary>
public abstract record LoadCounts
{
    /// <summary>For object initializers.</summary>
    protected LoadCounts()
    {
    }

    /// <summary>Time covered: 1 s for a sample (less for a last partial second: a run's end, or an early stop); for
    /// totals, the sum of the samples' durations.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Requests whose intended send time fell in the span.</summary>
    public required long Intended { get; init; }

    /// <summary>Of <see cref="Intended"/>, the ones actually sent.</summary>
    public required long Sent { get; init; }

    /// <summary>Of <see cref="Sent"/>, the ones answered with a status below 400.</summary>
    public required long Ok { get; init; }

    /// <summary>Of <see cref="Sent"/>, the failed ones by kind.</summary>
    public required FailureCounts Failures { get; init; }

    /// <summary>Of <see cref="Intended"/>, the ones not sent because the in-flight cap was reached.</summary>
    public required long Unsent { get; init; }

    /// <summary>Response bytes received (body plus reconstructed header size), for all sent requests.</summary>
    public required long BytesReceived { get; init; }

    /// <summary>Latency of ok requests, from the intended send time to the end of the response; null when there were none.</summary>
    public LatencyStats? Latency { get; init; }

    /// <summary>Service time of ok requests, from the actual send to the end of the response; null when there were none.</summary>
    public LatencyStats? ServiceTime { get; init; }

    /// <summary>The latency histogram (merge these for exact percentiles over any window).</summary>
    public required EncodedHistogram LatencyHistogram { get; init; }

    /// <summary>The service time histogram.</summary>
    public required EncodedHistogram ServiceTimeHistogram { get; init; }

    /// <summary>All failed requests.</summary>
    public long Failed => Failures.Total;

    /// <summary>Ok requests per second.</summary>
    public double ThroughputPerSecond => Rates.PerSecond(Ok, DurationSeconds);

    /// <summary>Received kilobytes (1024 bytes) per second, as httperf and paper 000 report.</summary>
    public double KilobytesPerSecond => Rates.PerSecond(BytesReceived / 1024.0, DurationSeconds);

    /// <summary>Received kilobits (1000 bits) per second.</summary>
    public double KilobitsPerSecond => Rates.PerSecond(BytesReceived * 8 / 1000.0, DurationSeconds);
}
