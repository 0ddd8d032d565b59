namespace BlueGreen.Core.LoadTesting;

/// <summary>What a <see cref="LoadTestCriterion"/> measures over a phase (text names in brackets).</summary>
public enum CriterionMetric
{
    /// <summary>(failed + unsent) / intended, in percent (<c>loss</c>).</summary>
    LossPercent,

    /// <summary>failed / sent, in percent (<c>error rate</c>).</summary>
    ErrorRatePercent,

    /// <summary>Median latency from the intended send time, in ms (<c>p50</c>).</summary>
    P50Ms,

    /// <summary>95th percentile latency, in ms (<c>p95</c>).</summary>
    P95Ms,

    /// <summary>99th percentile latency, in ms (<c>p99</c>).</summary>
    P99Ms,

    /// <summary>Mean latency, in ms (<c>mean</c>).</summary>
    MeanMs,

    /// <summary>Ok responses per second (<c>throughput</c>).</summary>
    ThroughputPerSecond,
}
