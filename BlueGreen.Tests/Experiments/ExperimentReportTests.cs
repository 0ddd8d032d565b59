using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.Experiments;

/// <summary>The report, the runs' CSV and the progress, from experiment records built here by hand.</summary>
public class ExperimentReportTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static ExperimentRecord Experiment(Func<ExperimentRun, ExperimentRun> complete, ExperimentDefinition? definition = null)
    {
        definition ??= ExperimentTestData.Tiny(repetitions: 3);
        return new ExperimentRecord
        {
            Id = "ex-1",
            Definition = definition,
            State = ExperimentState.Completed,
            CreatedAt = s_at,
            Runs = [.. ExperimentPlan.Create(definition).Select(complete)],
        };
    }

    private static ExperimentRun Completed(ExperimentRun run, double errorRate, double meanMs, int seconds = 10) => run with
    {
        State = RunState.Completed,
        StartedAt = s_at.AddSeconds(run.Index * 20),
        EndedAt = s_at.AddSeconds(run.Index * 20 + seconds),
        Measured = new RunMeasurement
        {
            Seconds = 8, Intended = 1000, Sent = 1000, Ok = 1000 - (long)(errorRate * 10), Failed = (long)(errorRate * 10),
            ErrorRatePercent = errorRate, LossPercent = errorRate, MeanMs = meanMs, P50Ms = meanMs, P99Ms = meanMs * 3, MaxMs = meanMs * 10, ThroughputPerSecond = 125,
        },
    };

    [Fact]
    public void Build_ThreeCellsOfThreeRuns_MeansIntervalsAndTestsAgainstNone()
    {
        // None: 0 % errors; Success: 0 %; Fail: 1, 2, 3 %. Latency 10 / 20 / 30 ms by scenario, repetition adds 1 ms.
        var experiment = Experiment(run => Completed(run,
            errorRate: run.Scenario == "Fail" ? run.Repetition : 0,
            meanMs: (run.Scenario switch { "None" => 10, "Success" => 20, _ => 30 }) + run.Repetition));

        var report = ExperimentReportBuilder.Build(experiment, new TiphonOptions());

        Assert.Equal("None", report.BaselineScenario);
        Assert.Equal(["None", "Success", "Fail"], report.Cells.Select(c => c.Scenario));
        Assert.All(report.Cells, c => Assert.Equal(3, c.N));
        var fail = report.Cells.Single(c => c.Scenario == "Fail").Metrics[ResultMetric.ErrorRatePercent];
        // Mean 2, sd 1, 95 % CI 2 ± t(0.975, 2) / sqrt(3) = 2 ± 2.4841.
        Assert.Equal(2, fail.Mean, 9);
        Assert.Equal(1, fail.Sd!.Value, 9);
        Assert.Equal(-0.48414, fail.Ci95Low!.Value, 4);
        Assert.Equal(4.48414, fail.Ci95High!.Value, 4);
        var latency = report.Tests.Single(t => t.Scenario == "Success" && t.Metric == ResultMetric.MeanMs);
        Assert.True(latency.Student < 0.001, $"Student p {latency.Student}");
        Assert.Equal(10, latency.MeanDifference, 9);
        Assert.Equal(2, report.Answers.Count);
        Assert.Contains(report.Answers, a => a.StartsWith("At low, Success did not change the error rate: it was 0 % in every run", StringComparison.Ordinal));
        Assert.Contains(report.Answers, a => a.StartsWith("At low, Fail", StringComparison.Ordinal) && a.Contains("p = ", StringComparison.Ordinal));
        Assert.Equal(9, report.Runs.Count);
        Assert.Equal(TiphonGrade.VeryGood, report.Cells[0].LossGrade);
        Assert.Null(report.Reference);
    }

    [Fact]
    public void Build_FailedAndPendingRuns_LeftOutOfTheCells()
    {
        var experiment = Experiment(run => run.Index switch
        {
            0 => run with { State = RunState.Failed, Error = "Baseline not restorable" },
            > 6 => run,
            _ => Completed(run, 0, 10),
        });

        var report = ExperimentReportBuilder.Build(experiment, new TiphonOptions());

        Assert.Equal(6, report.RunsCompleted);
        Assert.Equal(6, report.Cells.Sum(c => c.N));
        Assert.Equal("Baseline not restorable", report.Runs[0].Error);
    }

    [Fact]
    public void Build_Paper002Preset_CarriesThePapersOwnReport()
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper002, "lab", 0.02, "1.0.0");

        var report = ExperimentReportBuilder.Build(Experiment(run => run, definition), new TiphonOptions());

        Assert.Equal(["Low", "Medium", "High"], report.Levels);
        Assert.NotNull(report.Reference);
        Assert.Contains(report.Reference!.References, r => r.Kind == ReferenceKind.StudentP);
        Assert.Empty(report.Cells);
    }

    [Fact]
    public void RunsCsv_OneRowPerRunWithEmptyCellsForWhatWasNotMeasured()
    {
        var experiment = Experiment(run => run.Index == 0 ? Completed(run, 0.25, 12.3456789) : run);

        var lines = ExperimentRunsCsv.Format(experiment).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(",", ExperimentRunsCsv.Columns), lines[0]);
        Assert.Equal(10, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(["1", "low", "None", "1", "Completed"], first[..5]);
        Assert.Equal("0.25", first[Array.IndexOf([.. ExperimentRunsCsv.Columns], "error_rate_pct")]);
        Assert.Equal("12.346", first[Array.IndexOf([.. ExperimentRunsCsv.Columns], "latency_mean_ms")]);
        var pending = lines[2].Split(',');
        Assert.Equal("Pending", pending[4]);
        Assert.Equal("", pending[Array.IndexOf([.. ExperimentRunsCsv.Columns], "latency_mean_ms")]);
    }

    [Fact]
    public void RunsCsv_ErrorThatLooksLikeAFormula_IsEscaped()
    {
        var experiment = Experiment(run => run.Index == 0 ? run with { State = RunState.Failed, Error = "=HYPERLINK(\"x\")" } : run);

        var row = ExperimentRunsCsv.Format(experiment).Split("\r\n")[1];

        Assert.DoesNotContain(",=HYPERLINK", row, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_TwoRunsOfSevenAndNineSeconds_EtaFromTheirMedianPlusCooldown()
    {
        var running = Experiment(run => run.Index switch
        {
            0 => Completed(run, 0, 10, seconds: 7),
            1 => Completed(run, 0, 10, seconds: 9),
            _ => run,
        }, ExperimentTestData.Tiny(repetitions: 3) with { CooldownSeconds = 2 }) with { State = ExperimentState.Running };
        var now = s_at.AddMinutes(1);

        var progress = ExperimentProgress.Of(running, now);

        Assert.Equal((9, 2, 2), (progress.Total, progress.Ended, progress.Completed));
        Assert.Equal(TimeSpan.FromSeconds(10), progress.TypicalRun);
        Assert.Equal(now.AddSeconds(70), progress.Eta);
        Assert.Equal(2 / 9.0, progress.Fraction, 9);
        Assert.Null(ExperimentProgress.Of(running with { State = ExperimentState.Paused }, now).Eta);
    }
}
