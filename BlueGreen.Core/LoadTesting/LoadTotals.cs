namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// Totals over a span of samples (a run, one client's run, or a phase): counts, rates, and latency from the merged
/// per-second histograms (exact percentiles, never averaged ones). Warm-up seconds are never included.
/// </summary>
public sealed record LoadTotals
{
    /// <summary>Number of one-second samples added up.</summary>
    public required int Seconds { get; init; }

    /// <summary>Time covered (sum of the samples' durations).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Requests intended.</summary>
    public required long Intended { get; init; }

    /// <summary>Requests sent.</summary>
    public required long Sent { get; init; }

    /// <summary>Requests answered with a status below 400.</summary>
    public required long Ok { get; init; }

    /// <summary>Failed requests by kind.</summary>
    public required FailureCounts Failures { get; init; }

    /// <summary>Requests not sent because the in-flight cap was reached.</summary>
    public required long Unsent { get; init; }

    /// <summary>Response bytes received.</summary>
    public required long BytesReceived { get; init; }

    /// <summary>Latency of ok requests (from the intended send time); null when there were none.</summary>
    public LatencyStats? Latency { get; init; }

    /// <summary>Service time of ok requests (from the actual send); null when there were none.</summary>
    public LatencyStats? ServiceTime { get; init; }

    /// <summary>The merged latency histogram, for storage and later aggregation.</summary>
    public required EncodedHistogram LatencyHistogram { get; init; }

    /// <summary>The merged service time histogram.</summary>
    public required EncodedHistogram ServiceTimeHistogram { get; init; }

    /// <summary>All failed requests.</summary>
    public long Failed => Failures.Total;

    /// <summary>Ok requests per second.</summary>
    public double ThroughputPerSecond => Rates.PerSecond(Ok, DurationSeconds);

    /// <summary>Received kilobytes (1024 bytes) per second.</summary>
    public double KilobytesPerSecond => Rates.PerSecond(BytesReceived / 1024.0, DurationSeconds);

    /// <summary>Received kilobits (1000 bits) per second.</summary>
    public double KilobitsPerSecond => Rates.PerSecond(BytesReceived * 8 / 1000.0, DurationSeconds);

    /// <summary>Loss (paper 000's "packet loss"): (failed + unsent) / intended, in percent; 0 when nothing was intended.</summary>
    public double LossPercent => Rates.Percent(Failed + Unsent, Intended);

    /// <summary>Error rate (paper 002): failed / sent, in percent; 0 when nothing was sent.</summary>
    public double ErrorRatePercent => Rates.Percent(Failed, Sent);

    /// <summary>
    /// Adds up <paramref name="samples"/> as given (filter clients and warm-up first), merging their histograms:
    /// e.g. a window of a stored run, or the same client over several repetitions.
    /// </summary>
    public static LoadTotals Sum(IEnumerable<LoadSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var builder = new LoadTotalsBuilder();
        foreach (var sample in samples)
        {
            builder.Add(sample);
        }
        return builder.Build();
    }
}
