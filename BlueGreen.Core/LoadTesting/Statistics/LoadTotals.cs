using System.Diagnostics.CodeAnalysis;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// Totals over a span of samples (a run, one client's run, or a phase): counts, rates, and latency from the merged
/// per-second histograms (exact percentiles, never averaged ones). Warm-up seconds are never included.
/// </summary>
public sealed record LoadTotals : LoadCounts
{
    /// <summary>For object initializers.</summary>
    public LoadTotals()
    {
    }

    /// <summary>Totals with the counts and histograms of <paramref name="counts"/> (e.g. read back from storage); set
    /// <see cref="Seconds"/> in the initializer.</summary>
    [SetsRequiredMembers]
    public LoadTotals(LoadCounts counts)
        : base(counts)
    {
    }

    /// <summary>Number of one-second samples added up.</summary>
    public required int Seconds { get; init; }

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
