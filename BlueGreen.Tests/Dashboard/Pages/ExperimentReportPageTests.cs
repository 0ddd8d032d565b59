using AngleSharp.Dom;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.References;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Statistics;
using BlueGreen.Dashboard.Components.Controls.Charts;
using BlueGreen.Dashboard.Components.Pages;
using Bunit;
using MathNet.Numerics.Distributions;
using Microsoft.Extensions.DependencyInjection;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The report page of a paper-002 experiment on the real store and report builder: the answers first, the three
/// result tables and the three p-value tables laid out like paper 002's (significant cells marked), the paper's
/// published values beside ours (and gone when switched off), every cell, the runs' deployment health, the figures
/// drawn through the chart module with the report's numbers (and the paper's, switchable), downloads, and a line of
/// explanation with a link to docs/reports.md under each table.
/// </summary>
public sealed class ExperimentReportPageTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    private readonly BunitJSModuleInterop _charts;

    public ExperimentReportPageTests() : base(FourSites())
    {
        _charts = JSInterop.SetupModule("./js/charts.js");
        _charts.Setup<int>("figure", _ => true).SetResult(1);
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private IRenderedComponent<ExperimentReportPage> Open(string id) => Render<ExperimentReportPage>(p => p.Add(c => c.Id, id));

    private static IElement Table(IRenderedComponent<ExperimentReportPage> page, string kind, string metric)
        => page.FindAll($"[data-testid={kind}]").Single(t => t.GetAttribute("data-metric") == metric);

    private static IElement Cell(IElement table, string level, string scenario)
        => table.QuerySelector($"tr[data-level='{level}'] td[data-scenario='{scenario}']")!;

    private static string Text(IElement cell, string testId) => cell.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    /// <summary>What each figure was drawn with, by the chart module's <c>verb</c> (<c>figure</c>, <c>updateFigure</c>).</summary>
    private List<FigureChartConfig> Drawn(string verb) => [.. _charts.Invocations
        .Where(i => i.Identifier == verb)
        .Select(i => Assert.IsType<FigureChartConfig>(i.Arguments[1]))];

    /// <summary>The mean and 95 % interval of the completed runs' values, computed here from the runs themselves.</summary>
    private static (double Mean, double Low, double High) Expected(ExperimentRecord record, string level, string scenario, Func<RunMeasurement, double> metric)
    {
        var values = record.Runs.Where(r => r.Level == level && r.Scenario == scenario && r.State == RunState.Completed).Select(r => metric(r.Measured!)).ToArray();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        var half = StudentT.InvCDF(0, 1, values.Length - 1, 0.975) * sd / Math.Sqrt(values.Length);
        return (mean, mean - half, mean + half);
    }

    [Fact]
    public void Paper002_AnswersFirstThenTheResultTablesWithThePapersValues()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        // The answer comes before any table.
        Assert.True(page.Find("[data-testid=answers]").CompareDocumentPosition(page.Find("[data-testid=result-table]")).HasFlag(DocumentPositions.Following));
        var answers = page.FindAll("[data-testid=answer]").Select(a => a.TextContent).ToList();
        Assert.Equal(6, answers.Count);
        Assert.Contains("At Medium, Fail changed the error rate significantly (Student p = 0.000; 1.01 % against 0.02 % with None).", answers);
        Assert.Contains(answers, a => a.StartsWith("At Low, Success did not change the error rate significantly (Student p = 1.000", StringComparison.Ordinal));

        Assert.Equal(["ErrorRatePercent", "MeanMs", "MaxMs"], page.FindAll("[data-testid=result-table]").Select(t => t.GetAttribute("data-metric")));
        foreach (var table in page.FindAll("[data-testid=result-table]"))
        {
            Assert.Equal(["Low", "Medium", "High"], table.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-level")));
            Assert.All(table.QuerySelectorAll("tbody tr"), r => Assert.Equal(["None", "Success", "Fail"], r.QuerySelectorAll("td").Select(c => c.GetAttribute("data-scenario"))));
        }
        var errors = Table(page, "result-table", "ErrorRatePercent");
        Assert.Equal("1.010 ± 0.006 %", Text(Cell(errors, "Medium", "Fail"), "ours"));
        Assert.Contains("n = 10", Cell(errors, "Medium", "Fail").TextContent);
        Assert.Equal("002: 1.2 %", Text(Cell(errors, "Medium", "Fail"), "paper"));
        Assert.Equal("002: 0.639 %", Text(Cell(errors, "Medium", "Success"), "paper"));
        Assert.Equal("002: 2298 ms", Text(Cell(Table(page, "result-table", "MeanMs"), "Medium", "None"), "paper"));
        Assert.Equal("002: 68114 ms", Text(Cell(Table(page, "result-table", "MaxMs"), "High", "None"), "paper"));
        // Hovering says where the paper printed it and what its own runs give through the same statistics.
        Assert.StartsWith("paper 002, Table 4.1: 1.2 %; its appendix's 10 runs give ", Cell(errors, "Medium", "Fail").QuerySelector("[data-testid=paper]")!.GetAttribute("title"));
    }

    [Fact]
    public void Paper002_PValueTablesMarkSignificanceAsThePaperDid()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        Assert.Equal(["ErrorRatePercent", "MeanMs", "MaxMs"], page.FindAll("[data-testid=pvalue-table]").Select(t => t.GetAttribute("data-metric")));
        var errors = Table(page, "pvalue-table", "ErrorRatePercent");
        Assert.All(errors.QuerySelectorAll("tbody tr"), r => Assert.Equal(["Success", "Fail"], r.QuerySelectorAll("td").Select(c => c.GetAttribute("data-scenario"))));

        // Medium, failing deployment: about 1 % errors against 0.02 %: significant, green.
        var significant = Cell(errors, "Medium", "Fail");
        Assert.Equal("true", significant.GetAttribute("data-significant"));
        Assert.Contains("significant", significant.ClassList);
        Assert.Equal("0.000", Text(significant, "student"));
        Assert.Equal("0.000", Text(significant, "welch"));
        Assert.Equal("sig", significant.QuerySelector("[data-testid=welch]")!.ClassName);
        Assert.StartsWith("Δ +0.990 % (", Text(significant, "effect"));
        Assert.Equal("002: 0.000", Text(significant, "paper"));

        // Low, successful deployment: the same error rates as without one: not significant, red.
        var not = Cell(errors, "Low", "Success");
        Assert.Equal("false", not.GetAttribute("data-significant"));
        Assert.Contains("not-significant", not.ClassList);
        Assert.Equal("1.000", Text(not, "student"));
        Assert.Equal("1.000", Text(not, "welch"));
        Assert.Matches(@"^\d\.\d{3}$", Text(not, "mann-whitney"));
        Assert.Equal("002: 0.404", Text(not, "paper"));

        // Success adds 5 ms to every mean: significant at every level.
        Assert.All(Table(page, "pvalue-table", "MeanMs").QuerySelectorAll("td[data-scenario='Success']"), c => Assert.Equal("true", c.GetAttribute("data-significant")));

        var legend = page.Find("[data-testid=pvalue-legend]");
        Assert.Contains("Student", legend.TextContent);
        Assert.Contains("Welch", legend.TextContent);
        Assert.Contains("Mann-Whitney", legend.TextContent);
        Assert.Equal("docs/statistics.md", page.Find("[data-testid=statistics-doc]").GetAttribute("href"));
    }

    [Fact]
    public void PapersValues_SwitchedOff_GoneFromEveryTable()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));
        var page = Open("ex-1");
        Assert.Equal(27 + 18, page.FindAll("[data-testid=paper]").Count);

        page.Find("input[data-testid=show-paper]").Change(false);

        Assert.Empty(page.FindAll("[data-testid=paper]"));
        Assert.NotEmpty(page.FindAll("[data-testid=ours]"));
    }

    [Fact]
    public void CustomExperiment_NoPapersValuesAndNoSwitch()
    {
        var record = ExperimentTestData.Paper002("ex-1");
        Experiments.Save(record with { Definition = record.Definition with { Preset = null, Scale = null, Name = "own" } });

        var page = Open("ex-1");

        Assert.Empty(page.FindAll("[data-testid=show-paper]"));
        Assert.Empty(page.FindAll("[data-testid=paper]"));
        Assert.Equal(3, page.FindAll("[data-testid=result-table]").Count);
    }

    [Fact]
    public void EveryCellAndEveryRunsDeploymentHealth_AndDownloadsNamedForTheExperiment()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        Assert.Equal(9, page.FindAll("[data-testid=cells-table] tbody tr").Count);
        Assert.Equal(18, page.FindAll("[data-testid=cells-table] [data-testid=tiphon]").Count);
        var health = page.FindAll("[data-testid=health-table] tbody tr");
        Assert.Equal(90, health.Count);
        Assert.Equal(30, page.FindAll("[data-testid=health-table] [data-testid=deployment-state][data-state=Failed]").Count);
        Assert.Equal(30, page.FindAll("[data-testid=health-table] [data-testid=switch-lost].bad").Count);

        var json = page.Find("[data-testid=download-report]");
        Assert.Equal("api/experiments/ex-1/report.json", json.GetAttribute("href"));
        Assert.Equal("experiment-paper-002-0-02-20261205-1000-report.json", json.GetAttribute("download"));
        Assert.Equal("experiment-paper-002-0-02-20261205-1000-runs.csv", page.Find("[data-testid=download-runs]").GetAttribute("download"));
    }

    [Fact]
    public void RunningExperiment_SaysItIsPartialAndFillsInAsRunsEnd()
    {
        var record = Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 8, running: true));
        var page = Open("ex-1");
        Assert.Contains("covers the runs completed so far", page.Find("[data-testid=report-partial]").TextContent);
        Assert.Equal("8 of 90 runs completed", page.Find("[data-testid=runs-completed]").TextContent.Trim());

        Experiments.Save(record with { Runs = [.. record.Runs.Select(r => r.Index < 20 ? ExperimentTestData.Complete(r) : r)] });

        page.WaitForAssertion(() => Assert.Equal("20 of 90 runs completed", page.Find("[data-testid=runs-completed]").TextContent.Trim()), s_patience);
    }

    [Fact]
    public void Figures_AfterTheTables_DrawnWithTheReportsNumbersAndThePapers()
    {
        var record = Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        // After the result and p-value tables, before every cell; 002's Figures 4.1-4.5 and the three box plots.
        var markup = page.Nodes; // one snapshot: the charts render again as they become ready
        var figures = markup.QuerySelector("[data-testid=figures]")!;
        Assert.True(markup.QuerySelectorAll("[data-testid=pvalue-table]")[^1].CompareDocumentPosition(figures).HasFlag(DocumentPositions.Following));
        Assert.True(figures.CompareDocumentPosition(markup.QuerySelector("[data-testid=cells-table]")!).HasFlag(DocumentPositions.Following));
        string[] ids = ["error-rate-low", "error-rate-medium", "error-rate-high", "mean-response", "max-response",
            "box-error-rate", "box-average-response-time", "box-maximum-response-time"];
        Assert.Equal(ids, page.FindAll("[data-testid=figure-chart]").Select(f => f.GetAttribute("data-figure")));
        page.WaitForAssertion(() => Assert.Equal(ids, Drawn("figure").Select(c => c.Id)), s_patience);
        Assert.Equal(["as paper 002, Figure 4.1", "as paper 002, Figure 4.2", "as paper 002, Figure 4.3", "as paper 002, Figure 4.4", "as paper 002, Figure 4.5"],
            page.FindAll("[data-testid=figure-paper]").Take(5).Select(e => e.TextContent.Trim()));

        // Figure 4.2 (Medium): our error rate per scenario, its 95 % whiskers, and paper 002's own runs beside it.
        var medium = Drawn("figure").Single(c => c.Id == "error-rate-medium");
        Assert.Equal(FigureKind.Bars, medium.Kind);
        Assert.Equal(["None", "Success", "Fail"], medium.Categories);
        Assert.Equal(["Measured", "Paper 002"], medium.Series.Select(s => s.Name));
        Assert.Equal([false, true], medium.Series.Select(s => s.Reference));
        for (var i = 0; i < 3; i++)
        {
            var (mean, low, high) = Expected(record, "Medium", medium.Categories[i], m => m.ErrorRatePercent);
            var point = medium.Series[0].Points[i];
            Assert.Equal(mean, point.Y!.Value, 9);
            Assert.Equal(low, point.Low!.Value, 9);
            Assert.Equal(high, point.High!.Value, 9);
            Assert.Equal(10, point.N);
            var paper = ReferenceReports.Paper002().Cell("Medium", medium.Categories[i])!.Metrics[ResultMetric.ErrorRatePercent];
            Assert.Equal(paper.Mean, medium.Series[1].Points[i].Y);
            Assert.Equal(paper.Ci95High, medium.Series[1].Points[i].High);
        }
        // The failing deployment's ~1 % against None's ~0.02 %: the bars say what the table says.
        Assert.True(medium.Series[0].Points[2].Low > medium.Series[0].Points[0].High);

        // Figure 4.4: one bar per scenario in each level, then the paper's, each in its scenario's colour.
        var averages = Drawn("figure").Single(c => c.Id == "mean-response");
        Assert.Equal(["Low", "Medium", "High"], averages.Categories);
        Assert.Equal(["None", "Success", "Fail", "None (paper 002)", "Success (paper 002)", "Fail (paper 002)"], averages.Series.Select(s => s.Name));
        Assert.Equal(averages.Series.Take(3).Select(s => s.Color), averages.Series.Skip(3).Select(s => s.Color));
        Assert.Equal(3, averages.Series.Select(s => s.Color).Distinct().Count());
        var (highSuccess, highSuccessLow, _) = Expected(record, "High", "Success", m => m.MeanMs!.Value);
        Assert.Equal(highSuccess, averages.Series[1].Points[2].Y!.Value, 9);
        Assert.Equal(highSuccessLow, averages.Series[1].Points[2].Low!.Value, 9);

        // A box per level and scenario: the runs' minimum and maximum.
        var boxes = Drawn("figure").Single(c => c.Id == "box-maximum-response-time");
        Assert.Equal(FigureKind.Boxes, boxes.Kind);
        var lowFail = record.Runs.Where(r => r.Level == "Low" && r.Scenario == "Fail").Select(r => r.Measured!.MaxMs!.Value).ToList();
        Assert.Equal(lowFail.Min(), boxes.Series[2].Points[0].Box!.Min);
        Assert.Equal(lowFail.Max(), boxes.Series[2].Points[0].Box!.Max);
    }

    [Fact]
    public void FiguresPaperSwitch_Off_DrawsEveryFigureAgainWithoutThePapersSeries()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));
        var page = Open("ex-1");
        page.WaitForAssertion(() => Assert.Equal(8, Drawn("figure").Count), s_patience);
        Assert.All(Drawn("figure"), c => Assert.Contains(c.Series, s => s.Reference));
        Assert.Contains("Show paper 002 beside ours", page.Find("[data-testid=figures-header]").TextContent);

        // Six series (ours and the paper's per scenario) take the whole row; two (ours and the paper's) half of it.
        Assert.Contains("mud-grid-item-lg-12", GridItem(page, "mean-response").ClassList);
        Assert.Contains("mud-grid-item-lg-6", GridItem(page, "error-rate-low").ClassList);

        page.Find("input[data-testid=show-paper-figures]").Change(false);

        page.WaitForAssertion(() => Assert.Equal(8, Drawn("updateFigure").Count), s_patience);
        Assert.Contains("mud-grid-item-lg-6", GridItem(page, "mean-response").ClassList);
        var before = Drawn("figure");
        foreach (var after in Drawn("updateFigure"))
        {
            var first = before.Single(c => c.Id == after.Id);
            Assert.DoesNotContain(after.Series, s => s.Reference);
            // Ours unchanged, in the same colours.
            Assert.Equal(first.Series.Where(s => !s.Reference).Select(s => (s.Name, s.Color)), after.Series.Select(s => (s.Name, s.Color)));
            Assert.Equal(first.Series.Where(s => !s.Reference).SelectMany(s => s.Points), after.Series.SelectMany(s => s.Points));
        }
        // The tables keep their own switch: the paper's values are still there.
        Assert.Equal(27 + 18, page.FindAll("[data-testid=paper]").Count);

        page.Find("input[data-testid=show-paper-figures]").Change(true);

        page.WaitForAssertion(() => Assert.Equal(16, Drawn("updateFigure").Count), s_patience);
        Assert.All(Drawn("updateFigure").Skip(8), c => Assert.Contains(c.Series, s => s.Reference));
    }

    [Fact]
    public void CustomExperiment_FiguresWithoutPaperAndNoSwitch()
    {
        var record = ExperimentTestData.Paper002("ex-1");
        Experiments.Save(record with { Definition = record.Definition with { Preset = null, Scale = null, Name = "own" } });

        var page = Open("ex-1");

        page.WaitForAssertion(() => Assert.Equal(8, Drawn("figure").Count), s_patience);
        Assert.Empty(page.FindAll("[data-testid=show-paper-figures]"));
        Assert.Empty(page.FindAll("[data-testid=figure-paper]"));
        Assert.All(Drawn("figure"), c => Assert.DoesNotContain(c.Series, s => s.Reference));
    }

    [Fact]
    public void RunningExperiment_FiguresDrawnAgainOnlyWhenARunEnds()
    {
        var record = Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 8, running: true));
        var page = Open("ex-1");
        page.WaitForAssertion(() => Assert.Equal(8, Drawn("figure").Count), s_patience);
        int? LowNone(FigureChartConfig c) => c.Series[0].Points[0].N;
        Assert.Equal(CompletedRuns(record, "Low", "None"), LowNone(Drawn("figure").Single(c => c.Id == "error-rate-low")));

        // A running run publishes often without a run ending: the report stays, and so do the figures. Then runs end.
        Experiments.Save(record);
        var later = Experiments.Save(record with { Runs = [.. record.Runs.Select(r => r.Index < 20 ? ExperimentTestData.Complete(r) : r)] });

        page.WaitForAssertion(() => Assert.Equal("20 of 90 runs completed", page.Find("[data-testid=runs-completed]").TextContent.Trim()), s_patience);
        page.WaitForAssertion(() => Assert.Equal(8, Drawn("updateFigure").Count), s_patience);
        // Exactly once each (the save before drew nothing), with the runs that ended since.
        Assert.Equal(Drawn("figure").Select(c => c.Id), Drawn("updateFigure").Select(c => c.Id));
        Assert.Equal(CompletedRuns(later, "Low", "None"), LowNone(Drawn("updateFigure").Single(c => c.Id == "error-rate-low")));
        Assert.True(CompletedRuns(later, "Low", "None") > CompletedRuns(record, "Low", "None"));
    }

    private static IElement GridItem(IRenderedComponent<ExperimentReportPage> page, string figure)
        => page.Find($"[data-figure={figure}]").Closest(".mud-grid-item")!;

    private static int CompletedRuns(ExperimentRecord record, string level, string scenario)
        => record.Runs.Count(r => r.Level == level && r.Scenario == scenario && r.State == RunState.Completed);

    [Fact]
    public void Downloads_HtmlReportJsonRunsAndEachFiguresCsv_NamedForTheExperiment()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        var html = page.Find("[data-testid=download-html]");
        Assert.Equal("api/experiments/ex-1/report.html", html.GetAttribute("href"));
        Assert.Equal("experiment-paper-002-0-02-20261205-1000-report.html", html.GetAttribute("download"));
        var csv = page.Find("[data-figure=error-rate-low] [data-testid=figure-export-csv]");
        Assert.Equal("api/experiments/ex-1/figures/error-rate-low.csv", csv.GetAttribute("href"));
        Assert.Equal("experiment-paper-002-0-02-20261205-1000-error-rate-low.csv", csv.GetAttribute("download"));
        Assert.Equal(8, page.FindAll("[data-testid=figure-export-png]").Count);
        Assert.Equal(8, page.FindAll("[data-testid=figure-export-svg]").Count);
    }

    [Fact]
    public void Explanations_EachTableGradeAndTestInOneLineWithALinkToTheReportsDoc()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1"));

        var page = Open("ex-1");

        foreach (var legend in new[] { "answers", "results-legend", "pvalue-legend", "figures-legend", "tiphon-legend", "health-legend" })
        {
            var link = page.Find($"[data-testid={legend}] [data-testid=reports-doc]");
            Assert.Equal("docs/reports.md", link.GetAttribute("href"));
        }
        // The grades' thresholds as configured (the defaults here, paper 000's).
        var tiphon = page.Find("[data-testid=tiphon-legend]").TextContent;
        Assert.Contains("very good below 150 ms, good up to 300 ms, medium up to 450 ms, poor above", tiphon);
        Assert.Contains("very good up to 3 %, good up to 15 %, medium up to 25 %, poor above", tiphon);
        Assert.Contains("Time to detect", page.Find("[data-testid=health-legend]").TextContent);
        Assert.Contains("whiskers its 95 % confidence interval", page.Find("[data-testid=figures-legend]").TextContent);
    }
}
