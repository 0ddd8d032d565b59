using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.Reports;

/// <summary>What a comparison sets side by side.</summary>
public enum ComparisonKind
{
    /// <summary>Two experiments, cell by cell (level and scenario): their runs are the samples.</summary>
    Experiments,
    /// <summary>Two load tests, phase by phase (before / during / after): their seconds are the samples.</summary>
    LoadTests,
}

/// <summary>
/// Two experiments, or two load tests, side by side: for every row they share (an experiment's level and scenario, or
/// a load test's phase) each metric's mean and 95 % interval in A and in B, and B tested against A (Student, Welch,
/// Mann-Whitney, the difference with its interval); the same charts with both overlaid. Computed by the same
/// statistics as a report (<see cref="MatrixReportBuilder"/>: rows are its levels, A and B its two scenarios, A the
/// baseline). Immutable.
/// </summary>
public sealed record Comparison
{
    public const string A = "A";
    public const string B = "B";

    public required ComparisonKind Kind { get; init; }
    public required string AId { get; init; }
    public required string AName { get; init; }
    public required string BId { get; init; }
    public required string BName { get; init; }
    /// <summary>The rows both have, in A's order ("Medium / Success", or "During").</summary>
    public required IReadOnlyList<string> Rows { get; init; }
    /// <summary>Rows only one of them has (not compared).</summary>
    public required IReadOnlyList<string> Unmatched { get; init; }
    /// <summary>Cells per row for A and B; tests of B against A per row and metric.</summary>
    public required MatrixReport Matrix { get; init; }
    public required IReadOnlyList<Figure> Figures { get; init; }
    /// <summary>What the samples are and what that means for the tests.</summary>
    public required string Note { get; init; }
}

public static class ComparisonBuilder
{
    private const string A = Comparison.A;
    private const string B = Comparison.B;

    private static readonly ResultMetric[] s_figureMetrics = [ResultMetric.ErrorRatePercent, ResultMetric.MeanMs, ResultMetric.P99Ms, ResultMetric.MaxMs];

    /// <summary>Experiment <paramref name="a"/> against <paramref name="b"/>, cell by cell (rows matched by level and scenario name).</summary>
    public static Comparison Experiments(ExperimentRecord a, ExperimentRecord b, TiphonOptions tiphon)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        static string Row(Observation o) => $"{o.Level} / {o.Scenario}";
        var rowsA = a.Definition.Levels.SelectMany(l => a.Definition.ScenarioNames.Select(s => $"{l.Name} / {s}")).ToList();
        var rowsB = b.Definition.Levels.SelectMany(l => b.Definition.ScenarioNames.Select(s => $"{l.Name} / {s}")).ToHashSet(StringComparer.Ordinal);
        var rows = rowsA.Where(rowsB.Contains).ToList();
        var observations = Relabel(ExperimentReportBuilder.Build(a, tiphon).Observations, A, Row)
            .Concat(Relabel(ExperimentReportBuilder.Build(b, tiphon).Observations, B, Row))
            .Where(o => rows.Contains(o.Level));
        var matrix = MatrixReportBuilder.Build(observations, A, rows, [A, B]);
        return new Comparison
        {
            Kind = ComparisonKind.Experiments,
            AId = a.Id,
            AName = a.Definition.Name,
            BId = b.Id,
            BName = b.Definition.Name,
            Rows = rows,
            Unmatched = [.. rowsA.Where(r => !rowsB.Contains(r)).Concat(rowsB.Where(r => !rowsA.Contains(r)))],
            Matrix = matrix,
            Figures = [.. s_figureMetrics.Select(m => Bars(matrix, rows, m))],
            Note = "Each experiment's completed runs of a cell are one sample; B is tested against A with the same tests as a report.",
        };
    }

    /// <summary>Load test <paramref name="a"/> against <paramref name="b"/>, phase by phase, each second of a phase one value.</summary>
    public static Comparison LoadTests(LoadTestDetails a, IReadOnlyList<LoadSample> samplesA, LoadTestDetails b, IReadOnlyList<LoadSample> samplesB)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var phasesA = Phases(a, samplesA);
        var phasesB = Phases(b, samplesB);
        var order = new[] { Phase.Before, Phase.During, Phase.After }.Select(p => p.ToString()).ToList();
        var rows = order.Where(p => phasesA.Any(o => o.Level == p) && phasesB.Any(o => o.Level == p)).ToList();
        var matrix = MatrixReportBuilder.Build(
            Relabel(phasesA, A, o => o.Level).Concat(Relabel(phasesB, B, o => o.Level)).Where(o => rows.Contains(o.Level)), A, rows, [A, B]);
        var figuresA = LoadTestFigures.Build(a, samplesA);
        var figuresB = LoadTestFigures.Build(b, samplesB);
        return new Comparison
        {
            Kind = ComparisonKind.LoadTests,
            AId = a.Id,
            AName = LoadTestName(a),
            BId = b.Id,
            BName = LoadTestName(b),
            Rows = rows,
            Unmatched = [.. order.Where(p => !rows.Contains(p) && (phasesA.Any(o => o.Level == p) || phasesB.Any(o => o.Level == p)))],
            Matrix = matrix,
            Figures = [.. figuresA.Zip(figuresB, Overlay)],
            Note = "Each second of a phase is one value. Seconds of one run are not independent (a slow second tends to follow a slow second), " +
                   "so the p-values are optimistic: read them as a screen, and repeat the runs (an experiment) for a verdict.",
        };
    }

    private static string LoadTestName(LoadTestDetails test)
        => $"{test.Settings.RatePerClient.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} req/s × {test.Settings.Clients} on {test.Environment}" +
           (test.Settings.DeployVersion is { } version ? $", deploying {version}" : "");

    /// <summary>Each merged, measured second as an observation of its phase.</summary>
    private static List<Observation> Phases(LoadTestDetails details, IReadOnlyList<LoadSample> samples)
    {
        var (started, ended) = PhaseSplitter.DeploymentWindow(details.Markers.Select(m => m.ToRunEvent()));
        return [.. samples.Where(s => s.Client is null && !s.IsWarmUp && s.Intended > 0).Select(s =>
        {
            var values = new Dictionary<ResultMetric, double>
            {
                [ResultMetric.ErrorRatePercent] = Rates.Percent(s.Failed, s.Sent),
                [ResultMetric.LossPercent] = Rates.Percent(s.Failed + s.Unsent, s.Intended),
                [ResultMetric.ThroughputPerSecond] = s.ThroughputPerSecond,
            };
            if (s.Latency is { } latency)
            {
                values[ResultMetric.MeanMs] = latency.MeanMs;
                values[ResultMetric.P50Ms] = latency.P50Ms;
                values[ResultMetric.P99Ms] = latency.P99Ms;
                values[ResultMetric.MaxMs] = latency.MaxMs;
            }
            return new Observation { Level = PhaseSplitter.PhaseOf(s, started, ended).ToString(), Scenario = "", Repetition = s.Second, Values = values };
        })];
    }

    private static IEnumerable<Observation> Relabel(IEnumerable<Observation> observations, string side, Func<Observation, string> row)
        => observations.Where(o => o.Client is null).Select(o => o with { Level = row(o), Scenario = side });

    private static Figure Bars(MatrixReport matrix, IReadOnlyList<string> rows, ResultMetric metric) => new()
    {
        Id = $"compare-{ExperimentFigures.Slug(ResultText.Name(metric))}",
        Title = $"{ResultText.Name(metric)}: A and B",
        Caption = $"{ResultText.Name(metric)} per cell, A beside B; bars are the means over the runs, whiskers their 95 % confidence interval.",
        Kind = FigureKind.Bars,
        XTitle = "Level / scenario",
        YTitle = $"{ResultText.Name(metric)} ({ResultText.Unit(metric)})",
        Categories = rows,
        Series = [.. new[] { A, B }.Select(side => new FigureSeries
        {
            Name = side,
            Points = [.. rows.Select(r => matrix.Cell(r, side)?.Metrics.GetValueOrDefault(metric) is { } s
                ? new FigurePoint { Y = s.Mean, Low = s.Ci95Low, High = s.Ci95High, N = s.N }
                : new FigurePoint())],
        })],
    };

    /// <summary>One load test's chart with the other's lines added: A's series then B's, each name prefixed.</summary>
    private static Figure Overlay(Figure a, Figure b) => a with
    {
        Id = $"compare-{a.Id}",
        Title = $"{a.Title}: A and B",
        Caption = $"{a.Caption} A's phases shaded.",
        Series = [.. a.Series.Select(s => s with { Name = $"A {s.Name}" }), .. b.Series.Select(s => s with { Name = $"B {s.Name}" })],
        Markers = [.. a.Markers.Select(m => m with { Label = $"A: {m.Label}" }), .. b.Markers.Select(m => m with { Label = $"B: {m.Label}" })],
    };
}
