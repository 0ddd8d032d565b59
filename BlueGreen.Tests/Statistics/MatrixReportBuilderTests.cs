using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.Statistics;

public sealed class MatrixReportBuilderTests
{
    private static readonly string[] s_levels = ["low", "high"];
    private static readonly string[] s_scenarios = ["None", "Success", "Fail"];

    private static Observation Run(string level, string scenario, int repetition, double errors, double? meanMs = null, int? client = null)
    {
        var values = new Dictionary<ResultMetric, double> { [ResultMetric.ErrorRatePercent] = errors };
        if (meanMs is { } mean)
        {
            values[ResultMetric.MeanMs] = mean;
        }
        return new Observation { Level = level, Scenario = scenario, Client = client, Repetition = repetition, Values = values };
    }

    [Fact]
    public void Build_Cells_AreInLevelScenarioClientOrder()
    {
        var report = MatrixReportBuilder.Build(
        [
            Run("high", "Fail", 1, 3), Run("low", "Success", 1, 1), Run("low", "None", 1, 0, client: 2),
            Run("low", "None", 1, 0, client: 1), Run("low", "None", 1, 0), Run("high", "None", 1, 0),
        ], "None", s_levels, s_scenarios);

        Assert.Equal(
            ["low/None/", "low/None/1", "low/None/2", "low/Success/", "high/None/", "high/Fail/"],
            report.Cells.Select(c => $"{c.Level}/{c.Scenario}/{c.Client}"));
        Assert.Equal(s_levels, report.Levels);
        Assert.Equal(s_scenarios, report.Scenarios);
        Assert.Equal("None", report.BaselineScenario);
    }

    [Fact]
    public void Build_Cell_SummarisesEachMetricOverItsRuns()
    {
        var report = MatrixReportBuilder.Build(
            [Run("low", "None", 1, 1, 100), Run("low", "None", 2, 2, 200), Run("low", "None", 3, 3)],
            "None", s_levels, s_scenarios);

        var cell = Assert.Single(report.Cells);
        Assert.Equal(3, cell.N);
        Assert.Equal(3, cell.Metrics[ResultMetric.ErrorRatePercent].N);
        Assert.Equal(2, cell.Metrics[ResultMetric.ErrorRatePercent].Mean, 12);
        Assert.Equal(1, cell.Metrics[ResultMetric.ErrorRatePercent].Sd!.Value, 12);
        // The third run did not measure MeanMs: its summary has two values, and no other metric appears.
        Assert.Equal(2, cell.Metrics[ResultMetric.MeanMs].N);
        Assert.Equal([ResultMetric.ErrorRatePercent, ResultMetric.MeanMs], cell.Metrics.Keys.Order());
    }

    [Fact]
    public void Build_Tests_EachScenarioAgainstTheBaselineOfItsLevelAndClient()
    {
        var report = MatrixReportBuilder.Build(
        [
            Run("low", "None", 1, 0, 100), Run("low", "None", 2, 1, 110), Run("low", "None", 3, 0, 105),
            Run("low", "Success", 1, 5, 200), Run("low", "Success", 2, 6, 210), Run("low", "Success", 3, 7, 190),
            Run("low", "Fail", 1, 1), Run("low", "Fail", 2, 2),
            Run("high", "Success", 1, 1), Run("high", "Success", 2, 2),
        ], "None", s_levels, s_scenarios);

        // high has no baseline cell: nothing to test there. Fail has no MeanMs: only its error rate is tested.
        Assert.Equal(
            ["low/Success/ErrorRatePercent", "low/Success/MeanMs", "low/Fail/ErrorRatePercent"],
            report.Tests.Select(t => $"{t.Level}/{t.Scenario}/{t.Metric}"));
        var test = report.Test("low", "Success", ResultMetric.MeanMs)!;
        Assert.Equal(TwoSampleTests.Student([100, 110, 105], [200, 210, 190]).P, test.Student);
        Assert.Equal(TwoSampleTests.Welch([100, 110, 105], [200, 210, 190]).P, test.Welch);
        Assert.Equal(TwoSampleTests.MannWhitney([100, 110, 105], [200, 210, 190]).P, test.MannWhitney);
        Assert.Equal(95, test.MeanDifference, 12);
        Assert.Equal(200.0 / 105, test.Ratio!.Value, 12);
        Assert.True(test.StudentSignificant);
        Assert.Equal(3, test.BaselineN);
        Assert.Null(test.Note);
    }

    [Fact]
    public void Build_DegenerateCell_GivesNullsAndANote()
    {
        var report = MatrixReportBuilder.Build(
            [Run("low", "None", 1, 0), Run("low", "None", 2, 0), Run("low", "Success", 1, 0), Run("low", "Success", 2, 0)],
            "None", s_levels, s_scenarios);

        var test = Assert.Single(report.Tests);
        Assert.Null(test.Student);
        Assert.Null(test.StudentSignificant);
        Assert.Null(test.Welch);
        Assert.Null(test.MannWhitney);
        Assert.Null(test.Ratio);
        Assert.Contains(TwoSampleTests.BothConstantEqual, test.Note);
        Assert.Contains(TwoSampleTests.AllTied, test.Note);
    }

    [Fact]
    public void Build_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => MatrixReportBuilder.Build([Run("medium", "None", 1, 0)], "None", s_levels, s_scenarios));
        Assert.Throws<ArgumentException>(() => MatrixReportBuilder.Build([Run("low", "Rollback", 1, 0)], "None", s_levels, s_scenarios));
        Assert.Throws<ArgumentException>(() => MatrixReportBuilder.Build([Run("low", "None", 1, 0), Run("low", "None", 1, 1)], "None", s_levels, s_scenarios));
        Assert.Throws<ArgumentException>(() => MatrixReportBuilder.Build([Run("low", "None", 1, double.NaN)], "None", s_levels, s_scenarios));
        Assert.Throws<ArgumentException>(() => MatrixReportBuilder.Build([], "Baseline", s_levels, s_scenarios));
    }

    [Fact]
    public void Report_Json_IsCamelCaseWithMetricNamesAsKeysAndNoNaN()
    {
        // As the app configures HTTP JSON: web defaults (camelCase) and enums as names.
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
        var report = MatrixReportBuilder.Build(
            [Run("low", "None", 1, 0, 100), Run("low", "Success", 1, 2, 150), Run("low", "Success", 2, 4, 170)],
            "None", s_levels, s_scenarios);

        var json = JsonSerializer.Serialize(report, options);
        var root = JsonNode.Parse(json)!;

        Assert.Equal("None", (string?)root["baselineScenario"]);
        Assert.Equal(0.05, (double?)root["alpha"]);
        var cell = root["cells"]![0]!;
        Assert.Equal(1, (int?)cell["n"]);
        Assert.Equal(100, (double?)cell["metrics"]!["meanMs"]!["mean"]);
        Assert.Null(cell["metrics"]!["meanMs"]!["sd"]);       // n = 1: null, not NaN
        Assert.NotNull(root["cells"]![1]!["metrics"]!["errorRatePercent"]!["ci95Low"]);
        var test = root["tests"]![0]!;
        Assert.Equal("errorRatePercent", (string?)test["metric"]);
        Assert.Null(test["student"]);                         // a baseline of one run cannot be tested
        Assert.Equal(TwoSampleTests.TooFew, (string?)test["note"]);
        Assert.Equal(3, (double?)test["meanDifference"]);
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.Empty(root["references"]!.AsArray());

        var back = JsonSerializer.Deserialize<MatrixReport>(json, options)!;
        Assert.Equal(100, back.Cells[0].Metrics[ResultMetric.MeanMs].Mean);
        Assert.Equal(ResultMetric.ErrorRatePercent, back.Tests[0].Metric);
    }
}
