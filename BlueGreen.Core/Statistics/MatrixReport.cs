namespace BlueGreen.Core.Statistics;

/// <summary>
/// The statistics of a levels × scenarios matrix, computed once (by <see cref="MatrixReportBuilder"/>) and rendered as
/// a page, JSON and HTML: the cells in level, scenario, client order, and every non-baseline scenario tested against
/// <see cref="BaselineScenario"/> per level (and client) on each metric both measured. <see cref="References"/> holds a
/// paper's published values for the same matrix, when there is one to show beside ours. Immutable: safe to share.
/// </summary>
public sealed record MatrixReport
{
    /// <summary>The significance level the <c>…Significant</c> flags of the tests use.</summary>
    public const double DefaultAlpha = 0.05;

    public required IReadOnlyList<string> Levels { get; init; }
    public required IReadOnlyList<string> Scenarios { get; init; }
    public required string BaselineScenario { get; init; }
    public double Alpha { get; init; } = DefaultAlpha;
    public required IReadOnlyList<MatrixCell> Cells { get; init; }
    public required IReadOnlyList<MatrixTest> Tests { get; init; }
    public IReadOnlyList<ReferenceValue> References { get; init; } = [];

    /// <summary>The cell of a level, scenario and client; null when no run has filled it.</summary>
    public MatrixCell? Cell(string level, string scenario, int? client = null) =>
        Cells.FirstOrDefault(c => c.Level == level && c.Scenario == scenario && c.Client == client);

    /// <summary>The test of a scenario against the baseline on a metric; null when there is none (yet).</summary>
    public MatrixTest? Test(string level, string scenario, ResultMetric metric, int? client = null) =>
        Tests.FirstOrDefault(t => t.Level == level && t.Scenario == scenario && t.Metric == metric && t.Client == client);

    /// <summary>The published value of a kind for a cell or test; null when the paper gives none.</summary>
    public ReferenceValue? Reference(ReferenceKind kind, string level, string scenario, ResultMetric metric, int? client = null) =>
        References.FirstOrDefault(r => r.Kind == kind && r.Level == level && r.Scenario == scenario && r.Metric == metric && r.Client == client);
}
