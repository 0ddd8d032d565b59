using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>One phase of a run: its totals (throughput, response time mean/min/max/p50/p90/p95/p99 from merged
/// per-second histograms, loss %, error rate %) and TIPHON grades.</summary>
public sealed class PhaseSummary
{
    /// <summary>Which phase.</summary>
    public required Phase Phase { get; init; }

    /// <summary>Start of the first second in the phase; null when the phase is empty.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End of the last second in the phase; null when the phase is empty.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Counts, rates and latency over the phase's seconds (all zero, latency null, when empty).</summary>
    public required LoadTotals Totals { get; init; }

    /// <summary>TIPHON grade of the mean response time; null when no request succeeded in the phase.</summary>
    public TiphonGrade? DelayGrade { get; init; }

    /// <summary>TIPHON grade of <see cref="LoadTotals.LossPercent"/>; null when nothing was intended in the phase.</summary>
    public TiphonGrade? LossGrade { get; init; }

    /// <summary>True when no second fell in this phase.</summary>
    public bool IsEmpty => Totals.Seconds == 0;
}
