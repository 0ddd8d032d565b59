namespace BlueGreen.Core.References;

/// <summary>
/// One row of paper 002's Appendix 1 (Tables A.1-A.9) as printed: a test run (1..10) of a traffic level and deployment
/// scenario, or the table's own "avg" row (<see cref="Run"/> null). Times in ms; throughput in requests/s.
/// </summary>
public sealed record Paper002Row
{
    /// <summary>The appendix table, <c>A.1</c> .. <c>A.9</c>.</summary>
    public required string Table { get; init; }

    /// <summary><c>Low</c>, <c>Medium</c> or <c>High</c> traffic.</summary>
    public required string Level { get; init; }

    /// <summary><c>None</c>, <c>Success</c> or <c>Fail</c>: no deployment, a successful one, a failing one.</summary>
    public required string Scenario { get; init; }

    /// <summary>The run, 1..10; null for the table's "avg" row.</summary>
    public int? Run { get; init; }

    public required double Samples { get; init; }
    public required double AvgMs { get; init; }
    public required double MinMs { get; init; }
    public required double MaxMs { get; init; }

    /// <summary>Null where the paper leaves the cell blank (Table A.8's avg row).</summary>
    public double? ThroughputPerSecond { get; init; }

    public required double ErrorCount { get; init; }
    public required double ErrorRatePercent { get; init; }
}
