using System.Xml.Linq;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.Reports;

/// <summary>Two experiments side by side: rows matched by level and scenario, B tested against A, what differs said
/// first, and the comparison's HTML report.</summary>
public class ComparisonTests
{
    /// <summary>B is A with every Fail run 10 ms slower.</summary>
    private static (ExperimentRecord A, ExperimentRecord B) Pair(int repetitions)
    {
        var a = ReportTestData.Tiny(repetitions);
        var b = a with
        {
            Id = "ex-b",
            Definition = a.Definition with { Name = "tiny after" },
            Runs = [.. a.Runs.Select(r => r.Scenario == "Fail" ? r with { Measured = r.Measured! with { MeanMs = r.Measured.MeanMs + 10 } } : r)],
        };
        return (a, b);
    }

    [Fact]
    public void Experiments_CellByCell_BTestedAgainstA()
    {
        var (a, b) = Pair(repetitions: 5);

        var comparison = ComparisonBuilder.Experiments(a, b, TiphonOptions.Default);

        Assert.Equal(["low / None", "low / Success", "low / Fail"], comparison.Rows);
        Assert.Empty(comparison.Unmatched);
        var slower = comparison.Matrix.Test("low / Fail", Comparison.B, ResultMetric.MeanMs)!;
        Assert.Equal(10, slower.MeanDifference, 9);
        Assert.True(slower.Welch < 0.001, $"Welch p {slower.Welch}");
        // Five runs each, fully separated: U = 25, z = (12.5 − 0.5) / 4.787 → p = 0.012.
        Assert.Equal(0.012, slower.MannWhitney!.Value, 3);
        Assert.Equal(0, comparison.Matrix.Test("low / None", Comparison.B, ResultMetric.MeanMs)!.MeanDifference);
        var difference = Assert.Single(ComparisonHtmlReport.Differences(comparison));
        Assert.StartsWith("low / Fail: B's average response time is 10.0 ms higher than A's", difference, StringComparison.Ordinal);
        Assert.Equal(4, comparison.Figures.Count);
        Assert.Equal([33.0, 43.0], comparison.Figures.Single(f => f.Id == "compare-average-response-time").Series.Select(s => s.Points[2].Y!.Value));
    }

    [Fact]
    public void Experiments_TooFewRunsToTell_SaysNothingDiffers()
    {
        // Three runs each cannot reach Mann-Whitney's 0.05 however far apart they are (p = 0.081).
        var (a, b) = Pair(repetitions: 3);

        var differences = ComparisonHtmlReport.Differences(ComparisonBuilder.Experiments(a, b, TiphonOptions.Default));

        Assert.StartsWith("No metric differs significantly", Assert.Single(differences), StringComparison.Ordinal);
    }

    [Fact]
    public void Experiments_ScenarioOnlyOneHas_ListedAsNotCompared()
    {
        var (a, b) = Pair(repetitions: 2);
        var definition = b.Definition with { Scenarios = [.. b.Definition.Scenarios.Take(2)] };
        b = b with { Definition = definition, Runs = [.. b.Runs.Where(r => r.Scenario != "Fail")] };

        var comparison = ComparisonBuilder.Experiments(a, b, TiphonOptions.Default);

        Assert.Equal(["low / None", "low / Success"], comparison.Rows);
        Assert.Equal(["low / Fail"], comparison.Unmatched);
    }

    [Fact]
    public void Html_SelfContainedWithATablePerMetricAndTheDifferenceFirst()
    {
        var (a, b) = Pair(repetitions: 5);

        var html = ComparisonHtmlReport.Render(ComparisonBuilder.Experiments(a, b, TiphonOptions.Default), ReportTestData.At);
        var root = XElement.Parse(html["<!DOCTYPE html>\n".Length..]);

        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "script" or "link" or "img");
        Assert.DoesNotContain(root.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");
        Assert.StartsWith("low / Fail: B's average response time", root.Descendants("li").First().Value, StringComparison.Ordinal);
        var mean = root.Descendants("table").Single(t => (string?)t.Attribute("data-table") == "compare-average-response-time")
            .Element("tbody")!.Elements("tr").ToList();
        Assert.Equal(3, mean.Count);
        var fail = mean[2].Elements().Select(c => c.Value).ToList();
        Assert.Equal("low / Fail", fail[0]);
        Assert.StartsWith("+10.0 (", fail[3], StringComparison.Ordinal);
        Assert.EndsWith(" *", fail[4], StringComparison.Ordinal);
        Assert.Equal(6, root.Descendants("table").Count());
        Assert.Equal(4, root.Descendants().Count(e => e.Name.LocalName == "svg"));
    }
}
