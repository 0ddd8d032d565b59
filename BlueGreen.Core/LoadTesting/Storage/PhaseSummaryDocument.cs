using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary><see cref="PhaseSummary"/> as stored with a finished load test.</summary>
public sealed class PhaseSummaryDocument
{
    public Phase Phase { get; set; }
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public LoadTotalsDocument Totals { get; set; } = new();
    public TiphonGrade? DelayGrade { get; set; }
    public TiphonGrade? LossGrade { get; set; }

    /// <summary>Copies <paramref name="summary"/>.</summary>
    public static PhaseSummaryDocument Create(PhaseSummary summary) => new()
    {
        Phase = summary.Phase,
        From = summary.From,
        To = summary.To,
        Totals = LoadTotalsDocument.From(summary.Totals),
        DelayGrade = summary.DelayGrade,
        LossGrade = summary.LossGrade,
    };

    /// <summary>The phase summary as the rest of the code uses it.</summary>
    public PhaseSummary ToSummary() => new()
    {
        Phase = Phase,
        From = From,
        To = To,
        Totals = Totals.ToTotals(),
        DelayGrade = DelayGrade,
        LossGrade = LossGrade,
    };
}
