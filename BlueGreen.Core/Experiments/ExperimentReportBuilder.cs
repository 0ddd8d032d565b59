using System.Globalization;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.References;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.Experiments;

/// <summary>Builds an <see cref="ExperimentReport"/> from an experiment's stored runs (only completed runs count).</summary>
public static class ExperimentReportBuilder
{
    public static ExperimentReport Build(ExperimentRecord experiment, TiphonOptions tiphon)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(tiphon);
        var definition = experiment.Definition;
        var levels = definition.Levels.Select(l => l.Name).ToList();
        var scenarios = definition.ScenarioNames;
        var baseline = definition.Scenarios.FirstOrDefault(s => s.Kind == ScenarioKind.None)?.DisplayName ?? scenarios[0];
        var completed = experiment.Runs.Where(r => r.State == RunState.Completed && r.Measured is not null).ToList();
        var observations = completed.Select(r => Observe(r, r.Measured!))
            .Concat(definition.PerClient ? completed.SelectMany(r => r.PerClient.Select(c => Observe(r, c))) : []).ToList();
        var matrix = MatrixReportBuilder.Build(observations, baseline, levels, scenarios);
        return new ExperimentReport
        {
            ExperimentId = experiment.Id,
            Name = definition.Name,
            State = experiment.State,
            Environment = definition.Environment,
            Preset = definition.Preset,
            Scale = definition.Scale,
            RunsPlanned = experiment.Runs.Count,
            RunsCompleted = completed.Count,
            Levels = levels,
            Scenarios = scenarios,
            BaselineScenario = baseline,
            Alpha = matrix.Alpha,
            Answers = Answers(definition, matrix, baseline),
            Cells = [.. matrix.Cells.Select(c => Grade(c, tiphon))],
            Tests = matrix.Tests,
            Observations = observations,
            Runs = [.. experiment.Runs.Select(r => new RunHealth
            {
                Run = r.Index + 1,
                Level = r.Level,
                Scenario = r.Scenario,
                Repetition = r.Repetition,
                State = r.State,
                Error = r.Error,
                LoadTestId = r.LoadTestId,
                Deployment = r.Deployment,
            })],
            Reference = definition.Preset == ExperimentPresets.Paper002 ? ReferenceReports.Paper002() : null,
        };
    }

    private static Observation Observe(ExperimentRun run, RunMeasurement measured)
    {
        var values = new Dictionary<ResultMetric, double>
        {
            [ResultMetric.ErrorRatePercent] = measured.ErrorRatePercent,
            [ResultMetric.LossPercent] = measured.LossPercent,
            [ResultMetric.ThroughputPerSecond] = measured.ThroughputPerSecond,
        };
        // A run with no ok request has no latency: it is left out of those metrics, not counted as 0 ms.
        Put(values, ResultMetric.MeanMs, measured.MeanMs);
        Put(values, ResultMetric.P50Ms, measured.P50Ms);
        Put(values, ResultMetric.P99Ms, measured.P99Ms);
        Put(values, ResultMetric.MaxMs, measured.MaxMs);
        return new Observation { Level = run.Level, Scenario = run.Scenario, Client = measured.Client, Repetition = run.Repetition, Values = values };
    }

    private static void Put(Dictionary<ResultMetric, double> values, ResultMetric metric, double? value)
    {
        if (value is { } v)
        {
            values[metric] = v;
        }
    }

    private static ExperimentCell Grade(MatrixCell cell, TiphonOptions tiphon) => new()
    {
        Level = cell.Level,
        Scenario = cell.Scenario,
        Client = cell.Client,
        N = cell.N,
        Metrics = cell.Metrics,
        DelayGrade = cell.Metrics.TryGetValue(ResultMetric.MeanMs, out var delay) ? Tiphon.GradeDelay(delay.Mean, tiphon) : null,
        LossGrade = cell.Metrics.TryGetValue(ResultMetric.LossPercent, out var loss) ? Tiphon.GradeLoss(loss.Mean, tiphon) : null,
    };

    /// <summary>"At Medium, a Success deployment did not change the error rate significantly (Student p = 0.412; 0.000 % vs 0.001 %)."</summary>
    private static IReadOnlyList<string> Answers(ExperimentDefinition definition, MatrixReport matrix, string baseline)
    {
        var answers = new List<string>();
        foreach (var level in matrix.Levels)
        {
            foreach (var scenario in definition.ScenarioNames.Where(s => s != baseline))
            {
                var test = matrix.Test(level, scenario, ResultMetric.ErrorRatePercent);
                var mine = matrix.Cell(level, scenario)?.Metrics.GetValueOrDefault(ResultMetric.ErrorRatePercent);
                var theirs = matrix.Cell(level, baseline)?.Metrics.GetValueOrDefault(ResultMetric.ErrorRatePercent);
                if (test is null || mine is null || theirs is null)
                {
                    answers.Add($"At {level}, {scenario} against {baseline}: not enough completed runs yet.");
                    continue;
                }
                var means = $"{Percent(mine.Mean)} against {Percent(theirs.Mean)} with {baseline}";
                if (test.Student is null && mine.Sd is 0 && theirs.Sd is 0 && mine.Mean == theirs.Mean)
                {
                    answers.Add($"At {level}, {scenario} did not change the error rate: it was {Percent(mine.Mean)} in every run of both (n = {mine.N} and {theirs.N}).");
                    continue;
                }
                answers.Add(test.Student is { } p
                    ? $"At {level}, {scenario} {(p < matrix.Alpha ? "changed" : "did not change")} the error rate significantly (Student p = {P(p)}; {means})."
                    : $"At {level}, {scenario}: the error rate cannot be tested ({test.Note}); {means}.");
            }
        }
        return answers;
    }

    private static string Percent(double value) => value.ToString("0.###", CultureInfo.InvariantCulture) + " %";

    private static string P(double p) => p.ToString("0.000", CultureInfo.InvariantCulture);
}
