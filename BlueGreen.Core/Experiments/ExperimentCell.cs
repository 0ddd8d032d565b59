using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.Experiments;

/// <summary>One cell of an experiment's report (a level, a scenario, and for paper 000 a client): every metric over
/// its runs, and the TIPHON grades of its mean delay and mean loss (as paper 000 graded them).</summary>
public sealed record ExperimentCell
{
    public required string Level { get; init; }
    public required string Scenario { get; init; }
    public int? Client { get; init; }
    public required int N { get; init; }
    public required IReadOnlyDictionary<ResultMetric, MetricSummary> Metrics { get; init; }
    public TiphonGrade? DelayGrade { get; init; }
    public TiphonGrade? LossGrade { get; init; }
}
