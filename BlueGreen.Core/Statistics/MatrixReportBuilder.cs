namespace BlueGreen.Core.Statistics;

/// <summary>
/// Builds a <see cref="MatrixReport"/> from runs: one cell per (level, scenario, client) with each metric summarised,
/// and for each level (and client) every scenario but the baseline tested against the baseline's cell on every metric
/// both measured. The same code serves experiments and the papers' reference data, so their reports compare.
/// </summary>
public static class MatrixReportBuilder
{
    /// <param name="observations">The runs; their levels and scenarios must be in the orders given.</param>
    /// <param name="baselineScenario">The scenario every other is tested against (e.g. <c>None</c>).</param>
    /// <param name="levelOrder">Every level, in the order the report shows them.</param>
    /// <param name="scenarioOrder">Every scenario, baseline included, in the order the report shows them.</param>
    /// <param name="alpha">The significance level of the tests' flags.</param>
    /// <exception cref="ArgumentException">
    /// An observation whose level or scenario is not in the orders, two for the same repetition of a cell, a value that
    /// is not finite, a baseline not among the scenarios, or an alpha outside (0, 1).
    /// </exception>
    public static MatrixReport Build(
        IEnumerable<Observation> observations,
        string baselineScenario,
        IReadOnlyList<string> levelOrder,
        IReadOnlyList<string> scenarioOrder,
        double alpha = MatrixReport.DefaultAlpha)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(levelOrder);
        ArgumentNullException.ThrowIfNull(scenarioOrder);
        if (!scenarioOrder.Contains(baselineScenario))
        {
            throw new ArgumentException($"The baseline '{baselineScenario}' is not one of the scenarios ({string.Join(", ", scenarioOrder)}).", nameof(baselineScenario));
        }
        if (!(alpha > 0 && alpha < 1))
        {
            throw new ArgumentException($"Alpha must be between 0 and 1 (was {alpha}).", nameof(alpha));
        }
        var levels = Index(levelOrder, nameof(levelOrder));
        var scenarios = Index(scenarioOrder, nameof(scenarioOrder));
        var runs = Validate(observations, levels, scenarios);

        var groups = runs
            .GroupBy(o => (o.Level, o.Scenario, o.Client))
            .OrderBy(g => levels[g.Key.Level])
            .ThenBy(g => scenarios[g.Key.Scenario])
            .ThenBy(g => g.Key.Client ?? -1)
            .Select(g => (g.Key, Runs: g.OrderBy(o => o.Repetition).ToList()))
            .ToList();
        var byKey = groups.ToDictionary(g => g.Key, g => g.Runs);

        var cells = groups.Select(g => Cell(g.Key.Level, g.Key.Scenario, g.Key.Client, g.Runs)).ToList();
        var tests = new List<MatrixTest>();
        foreach (var ((level, scenario, client), scenarioRuns) in groups)
        {
            if (scenario == baselineScenario || !byKey.TryGetValue((level, baselineScenario, client), out var baselineRuns))
            {
                continue;
            }
            foreach (var metric in Enum.GetValues<ResultMetric>())
            {
                var baseline = Values(baselineRuns, metric);
                var tested = Values(scenarioRuns, metric);
                if (baseline.Count > 0 && tested.Count > 0)
                {
                    tests.Add(Test(level, scenario, client, metric, baseline, tested, alpha));
                }
            }
        }
        return new MatrixReport
        {
            Levels = [.. levelOrder],
            Scenarios = [.. scenarioOrder],
            BaselineScenario = baselineScenario,
            Alpha = alpha,
            Cells = [.. cells],
            Tests = [.. tests],
        };
    }

    private static MatrixCell Cell(string level, string scenario, int? client, List<Observation> runs)
    {
        var metrics = new Dictionary<ResultMetric, MetricSummary>();
        foreach (var metric in Enum.GetValues<ResultMetric>())
        {
            var values = Values(runs, metric);
            if (values.Count > 0)
            {
                metrics[metric] = MetricSummary.Of(values);
            }
        }
        return new MatrixCell { Level = level, Scenario = scenario, Client = client, N = runs.Count, Metrics = metrics.AsReadOnly() };
    }

    private static MatrixTest Test(string level, string scenario, int? client, ResultMetric metric, List<double> baseline, List<double> tested, double alpha)
    {
        var student = TwoSampleTests.Student(baseline, tested);
        var welch = TwoSampleTests.Welch(baseline, tested);
        var mannWhitney = TwoSampleTests.MannWhitney(baseline, tested);
        var difference = TwoSampleTests.Difference(baseline, tested);
        var reasons = new[] { student.Reason, welch.Reason, mannWhitney.Reason, difference.Reason }.OfType<string>().Distinct().ToList();
        return new MatrixTest
        {
            Level = level,
            Scenario = scenario,
            Client = client,
            Metric = metric,
            BaselineN = baseline.Count,
            ScenarioN = tested.Count,
            Student = student.P,
            StudentT = student.Statistic,
            StudentDf = student.DegreesOfFreedom,
            StudentSignificant = Significant(student, alpha),
            Welch = welch.P,
            WelchT = welch.Statistic,
            WelchDf = welch.DegreesOfFreedom,
            WelchSignificant = Significant(welch, alpha),
            MannWhitney = mannWhitney.P,
            MannWhitneyU = mannWhitney.Statistic,
            MannWhitneyZ = mannWhitney.Z,
            MannWhitneySignificant = Significant(mannWhitney, alpha),
            MeanDifference = difference.Difference,
            DifferenceCi95Low = difference.Ci95Low,
            DifferenceCi95High = difference.Ci95High,
            Ratio = difference.Ratio,
            Note = reasons.Count == 0 ? null : string.Join("; ", reasons),
        };
    }

    private static bool? Significant(TwoSampleTestResult result, double alpha) => result.P is { } p ? p < alpha : null;

    private static List<double> Values(List<Observation> runs, ResultMetric metric) =>
        runs.Where(r => r.Values.ContainsKey(metric)).Select(r => r.Values[metric]).ToList();

    private static Dictionary<string, int> Index(IReadOnlyList<string> order, string parameter)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in order)
        {
            if (!index.TryAdd(name, index.Count))
            {
                throw new ArgumentException($"'{name}' is listed twice.", parameter);
            }
        }
        return index;
    }

    private static List<Observation> Validate(IEnumerable<Observation> observations, Dictionary<string, int> levels, Dictionary<string, int> scenarios)
    {
        var runs = observations.ToList();
        var seen = new HashSet<(string, string, int?, int)>();
        foreach (var run in runs)
        {
            ArgumentNullException.ThrowIfNull(run, nameof(observations));
            var where = $"{run.Level} / {run.Scenario}{(run.Client is { } c ? $" / client {c}" : "")} / repetition {run.Repetition}";
            if (!levels.ContainsKey(run.Level))
            {
                throw new ArgumentException($"{where}: level '{run.Level}' is not one of {string.Join(", ", levels.Keys)}.", nameof(observations));
            }
            if (!scenarios.ContainsKey(run.Scenario))
            {
                throw new ArgumentException($"{where}: scenario '{run.Scenario}' is not one of {string.Join(", ", scenarios.Keys)}.", nameof(observations));
            }
            if (!seen.Add((run.Level, run.Scenario, run.Client, run.Repetition)))
            {
                // Counting a run twice would narrow every interval and shift every test: refuse rather than guess.
                throw new ArgumentException($"{where}: observed twice.", nameof(observations));
            }
            foreach (var (metric, value) in run.Values)
            {
                if (!double.IsFinite(value))
                {
                    throw new ArgumentException($"{where}: {metric} is {value}; a metric a run did not measure is left out, never NaN.", nameof(observations));
                }
            }
        }
        return runs;
    }
}
