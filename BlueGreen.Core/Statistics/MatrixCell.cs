namespace BlueGreen.Core.Statistics;

/// <summary>
/// One cell of a report: a level, a scenario and a client, summarised over its repetitions, metric by metric.
/// <see cref="N"/> counts the cell's runs; each metric's own N counts the runs that measured it.
/// </summary>
public sealed record MatrixCell
{
    public required string Level { get; init; }
    public required string Scenario { get; init; }

    /// <summary>The client, or null for all clients together.</summary>
    public int? Client { get; init; }

    public required int N { get; init; }
    public required IReadOnlyDictionary<ResultMetric, MetricSummary> Metrics { get; init; }
}
