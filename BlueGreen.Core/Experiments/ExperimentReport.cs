using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// The answer of an experiment: one sentence per level and deployment scenario, the cells (each metric over its
/// runs, with its 95 % confidence interval and TIPHON grades), each deployment scenario tested against the baseline
/// scenario (Student, Welch, Mann-Whitney, effect size), every run's deployment health, and for a paper's preset that
/// paper's own numbers to compare with. Computed once in Core from the stored runs; the page, the JSON export and
/// (later) the HTML report all render this. Immutable.
/// </summary>
public sealed record ExperimentReport
{
    public required string ExperimentId { get; init; }
    public required string Name { get; init; }
    public required ExperimentState State { get; init; }
    public required string Environment { get; init; }
    public string? Preset { get; init; }
    public double? Scale { get; init; }
    public required int RunsPlanned { get; init; }
    public required int RunsCompleted { get; init; }
    public required IReadOnlyList<string> Levels { get; init; }
    public required IReadOnlyList<string> Scenarios { get; init; }
    /// <summary>The scenario the others are tested against (the first without a deployment).</summary>
    public required string BaselineScenario { get; init; }
    public required double Alpha { get; init; }
    /// <summary>One sentence per level and deployment scenario: did the deployment change the error rate significantly.</summary>
    public required IReadOnlyList<string> Answers { get; init; }
    public required IReadOnlyList<ExperimentCell> Cells { get; init; }
    public required IReadOnlyList<MatrixTest> Tests { get; init; }
    public required IReadOnlyList<RunHealth> Runs { get; init; }
    /// <summary>Every completed run's values (and each client's, when reported per client): what the cells summarise and
    /// the box plots draw.</summary>
    public IReadOnlyList<Observation> Observations { get; init; } = [];
    /// <summary>For a paper's preset: the paper's data through the same statistics, with its published values; else null.</summary>
    public MatrixReport? Reference { get; init; }
}
