using BlueGreen.Core.Experiments;
using BlueGreen.Tests.Reports;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using ComparePage = BlueGreen.Dashboard.Components.Pages.Compare;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Compare page on the real store: two experiments from the address, what differs first, a table per
/// metric with B − A and the tests, the charts, and the HTML report's link; the same one twice is refused.</summary>
public sealed class ComparePageTests : DashboardTestContext
{
    public ComparePageTests() : base(FourSites())
    {
    }

    private IRenderedComponent<ComparePage> RenderAt(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"compare{query}");
        return Render<ComparePage>();
    }

    private void SavePair()
    {
        var store = Services.GetRequiredService<ExperimentStore>();
        var a = ReportTestData.Tiny(repetitions: 5) with { Id = "ex-a" };
        store.Save(a);
        store.Save(a with
        {
            Id = "ex-b",
            Definition = a.Definition with { Name = "tiny after" },
            Runs = [.. a.Runs.Select(r => r.Scenario == "Fail" ? r with { Measured = r.Measured! with { MeanMs = r.Measured.MeanMs + 10 } } : r)],
        });
    }

    [Fact]
    public void TwoExperiments_WhatDiffersThenTablesAndCharts()
    {
        SavePair();

        var page = RenderAt("?kind=experiments&a=ex-a&b=ex-b");

        var difference = Assert.Single(page.FindAll("[data-testid=compare-difference]"));
        Assert.StartsWith("low / Fail: B's average response time is 10.0 ms higher than A's", difference.TextContent, StringComparison.Ordinal);
        var rows = page.FindAll("[data-testid=compare-table-MeanMs] tbody tr");
        Assert.Equal(["low / None", "low / Success", "low / Fail"], rows.Select(r => r.QuerySelector("td")!.TextContent));
        var fail = rows[2].QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.StartsWith("+10.0 (", fail[3], StringComparison.Ordinal);
        Assert.EndsWith("*", fail[4], StringComparison.Ordinal);
        Assert.Equal("significant", rows[2].QuerySelectorAll("td")[4].GetAttribute("class"));
        Assert.Equal(4, page.FindAll("[data-testid=compare-figures] figure svg").Count);
        Assert.Equal("api/compare/experiments/report.html?a=ex-a&b=ex-b", page.Find("a[data-testid=compare-report]").GetAttribute("href"));
    }

    [Fact]
    public void SameTwice_SaysPickTwoDifferentOnes()
    {
        SavePair();

        var page = RenderAt("?kind=experiments&a=ex-a&b=ex-a");

        Assert.Contains("pick two different ones", page.Find("[data-testid=compare-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=compare-answer]"));
    }

    [Fact]
    public void UnknownId_SaysItNoLongerExists()
    {
        SavePair();

        var page = RenderAt("?kind=experiments&a=ex-a&b=ex-gone");

        Assert.Contains("no longer exists", page.Find("[data-testid=compare-problem]").TextContent, StringComparison.Ordinal);
    }
}
