namespace BlueGreen.Core.Statistics;

/// <summary>
/// One run's measured values, the input of <see cref="MatrixReportBuilder"/>: an experiment's run or a row of a
/// paper's table. A metric the run did not measure is absent from <see cref="Values"/> (never NaN).
/// </summary>
public sealed record Observation
{
    /// <summary>The load level (e.g. <c>Low</c>, or <c>300</c> requests/s).</summary>
    public required string Level { get; init; }

    /// <summary>The deployment scenario or condition (e.g. <c>None</c>, <c>Success</c>, <c>Fail</c>; <c>During</c>).</summary>
    public required string Scenario { get; init; }

    /// <summary>The client that measured it, or null for all clients together.</summary>
    public int? Client { get; init; }

    /// <summary>Which repetition of its cell (level, scenario, client) this is; unique within the cell.</summary>
    public required int Repetition { get; init; }

    public required IReadOnlyDictionary<ResultMetric, double> Values { get; init; }
}
