using AngleSharp.Dom;
using BlueGreen.Core.Experiments;
using BlueGreen.Dashboard.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The report page of a paper-002 experiment on the real store and report builder: the answers first, the three
/// result tables and the three p-value tables laid out like paper 002's (significant cells marked), the paper's
/// published values beside ours (and gone when switched off), every cell, the runs' deployment health, downloads.
/// </summary>
public sealed class ExperimentReportPageTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    public ExperimentReportPageTests() : base(FourSites())
    {
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private IRenderedComponent<ExperimentReportPage> Open(string id) => Render<ExperimentReportPage>(p => p.Add(c => c.Id, id));

    private static IElement Table(IRenderedComponent<ExperimentReportPage> page, string kind, string metric)
        => page.FindAll($"[data-testid={kind}]").Single(t => t.GetAttribute("data-metric") == metric);

    private static IElement Cell(IElement table, string level, string scenario)
        => table.QuerySelector($"tr[data-level='{level}'] td[data-scenario='{scenario}']")!;

    private static string Text(IElement cell, string testId) => cell.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

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
}
