namespace BlueGreen.Core.Statistics;

/// <summary>
/// A value a paper published for a cell or a test of the same matrix, shown beside the value computed here. Matched to
/// a <see cref="MatrixCell"/> (kind <see cref="ReferenceKind.Mean"/>) or a <see cref="MatrixTest"/>
/// (<see cref="ReferenceKind.StudentP"/>) by level, scenario, client and metric.
/// </summary>
public sealed record ReferenceValue
{
    /// <summary>Where it is printed, e.g. <c>paper 002, Table 5.1</c>.</summary>
    public required string Source { get; init; }
    public required ReferenceKind Kind { get; init; }
    public required string Level { get; init; }
    public required string Scenario { get; init; }
    public int? Client { get; init; }
    public required ResultMetric Metric { get; init; }
    public required double Value { get; init; }

    /// <summary>The value exactly as printed (e.g. <c>0.639 %</c>, <c>0.000</c>), for display.</summary>
    public required string Printed { get; init; }
}
