using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>Summary of a latency (or service time) histogram, in milliseconds. Read from HdrHistogram, never by sorting samples.</summary>
public sealed record LatencyStats
{
    /// <summary>Number of recorded values.</summary>
    public required long Count { get; init; }

    /// <summary>Mean.</summary>
    public required double MeanMs { get; init; }

    /// <summary>Smallest value (lowest equivalent value of its histogram bucket).</summary>
    public required double MinMs { get; init; }

    /// <summary>Median.</summary>
    public required double P50Ms { get; init; }

    /// <summary>90th percentile.</summary>
    public required double P90Ms { get; init; }

    /// <summary>95th percentile.</summary>
    public required double P95Ms { get; init; }

    /// <summary>99th percentile.</summary>
    public required double P99Ms { get; init; }

    /// <summary>Largest value (highest equivalent value of its histogram bucket).</summary>
    public required double MaxMs { get; init; }

    /// <summary>Reads a microsecond histogram; null when it is empty (no NaN ever leaves this type).</summary>
    internal static LatencyStats? From(HistogramBase histogram)
    {
        if (histogram.TotalCount == 0)
        {
            return null;
        }
        const double MsPerUs = 1 / 1000.0;
        var min = histogram.RecordedValues().First().ValueIteratedTo;
        return new LatencyStats
        {
            Count = histogram.TotalCount,
            MeanMs = histogram.GetMean() * MsPerUs,
            MinMs = histogram.LowestEquivalentValue(min) * MsPerUs,
            P50Ms = histogram.GetValueAtPercentile(50) * MsPerUs,
            P90Ms = histogram.GetValueAtPercentile(90) * MsPerUs,
            P95Ms = histogram.GetValueAtPercentile(95) * MsPerUs,
            P99Ms = histogram.GetValueAtPercentile(99) * MsPerUs,
            MaxMs = histogram.GetMaxValue() * MsPerUs,
        };
    }
}
