namespace BlueGreen.Core.Experiments;

/// <summary>
/// What one run measured (all clients, or one client), over its measured window: counts, rates and latency from the
/// run's merged histograms (percentiles are exact for the run, never averages of per-second percentiles).
/// </summary>
public sealed record RunMeasurement
{
    /// <summary>The client, or null for all clients together.</summary>
    public int? Client { get; init; }
    public int Seconds { get; init; }
    public long Intended { get; init; }
    public long Sent { get; init; }
    public long Ok { get; init; }
    public long Failed { get; init; }
    public long Unsent { get; init; }
    /// <summary>Failed / sent (paper 002's error rate), %.</summary>
    public double ErrorRatePercent { get; init; }
    /// <summary>(Failed + unsent) / intended (paper 000's packet loss), %.</summary>
    public double LossPercent { get; init; }
    /// <summary>Latency of ok requests from their intended send time; null when none was ok.</summary>
    public double? MeanMs { get; init; }
    public double? P50Ms { get; init; }
    public double? P99Ms { get; init; }
    public double? MaxMs { get; init; }
    /// <summary>Ok responses per second.</summary>
    public double ThroughputPerSecond { get; init; }
}
