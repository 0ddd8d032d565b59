using System.Text.Json.Serialization;

namespace BlueGreen.Core.Statistics;

/// <summary>
/// What a run measures, as the reports compare it. In JSON each is its camelCase name (<c>errorRatePercent</c>), both as
/// a value (<see cref="MatrixTest.Metric"/>) and as a key (<see cref="MatrixCell.Metrics"/>), so a client can look a
/// test's metric up in a cell directly; without the attributes a dictionary key would be written as the C# name.
/// </summary>
public enum ResultMetric
{
    /// <summary>Failed / sent requests, % (paper 002's error rate).</summary>
    [JsonStringEnumMemberName("errorRatePercent")]
    ErrorRatePercent,

    /// <summary>(Failed + unsent) / intended requests, % (paper 000's packet loss).</summary>
    [JsonStringEnumMemberName("lossPercent")]
    LossPercent,

    /// <summary>Mean response time, ms.</summary>
    [JsonStringEnumMemberName("meanMs")]
    MeanMs,

    /// <summary>Median response time, ms.</summary>
    [JsonStringEnumMemberName("p50Ms")]
    P50Ms,

    /// <summary>99th percentile of the response time, ms.</summary>
    [JsonStringEnumMemberName("p99Ms")]
    P99Ms,

    /// <summary>Maximum response time, ms.</summary>
    [JsonStringEnumMemberName("maxMs")]
    MaxMs,

    /// <summary>Answered requests per second.</summary>
    [JsonStringEnumMemberName("throughputPerSecond")]
    ThroughputPerSecond,
}
