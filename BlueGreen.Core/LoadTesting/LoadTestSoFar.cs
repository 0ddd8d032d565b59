using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test's counts over every merged second stored so far (warm-up included), kept with the test and updated
/// with each second, so progress and lists read counts and never decode a histogram.
/// </summary>
public sealed class LoadTestSoFar
{
    public int Seconds { get; set; }
    public long Intended { get; set; }
    public long Sent { get; set; }
    public long Ok { get; set; }
    public long Failed { get; set; }
    public long Unsent { get; set; }
    /// <summary>Requests sent per second in the last stored second.</summary>
    public double LastRequestsPerSecond { get; set; }
    /// <summary>Ok responses per second in the last stored second.</summary>
    public double LastThroughputPerSecond { get; set; }

    /// <summary>Adds one merged second.</summary>
    public void Add(LoadSample merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        Seconds++;
        Intended += merged.Intended;
        Sent += merged.Sent;
        Ok += merged.Ok;
        Failed += merged.Failed;
        Unsent += merged.Unsent;
        LastRequestsPerSecond = Rates.PerSecond(merged.Sent, merged.DurationSeconds);
        LastThroughputPerSecond = merged.ThroughputPerSecond;
    }
}
