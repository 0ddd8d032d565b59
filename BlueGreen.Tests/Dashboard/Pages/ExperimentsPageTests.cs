using BlueGreen.Core.Experiments;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ExperimentsPage = BlueGreen.Dashboard.Components.Pages.Experiments;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Experiments list on the real store: rows come and change from the store's stream, with no reload.</summary>
public sealed class ExperimentsPageTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    public ExperimentsPageTests() : base(FourSites())
    {
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private static string Cell(IRenderedComponent<ExperimentsPage> page, string id, string testId)
        => page.FindAll("[data-testid=experiments-table] tbody tr")
            .Single(r => r.QuerySelector("a")?.GetAttribute("href") == $"experiments/{id}")
            .QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    [Fact]
    public void Saved_RowAppearsAndFollowsItsProgress()
    {
        var page = Render<ExperimentsPage>();
        Assert.Contains("No experiments yet", page.Markup);

        var record = Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 0, running: true));

        page.WaitForAssertion(() => Assert.Equal("0 / 90", Cell(page, "ex-1", "progress-count")), s_patience);
        Assert.Equal("Running", page.Find("[data-testid=experiment-state]").GetAttribute("data-state"));
        Assert.Equal("paper-002 ×0.02", Cell(page, "ex-1", "experiment-name"));

        Experiments.Save(record with { Runs = [.. record.Runs.Select(r => r.Index < 2 ? ExperimentTestData.Complete(r) : r)] });

        page.WaitForAssertion(() => Assert.Equal("2 / 90", Cell(page, "ex-1", "progress-count")), s_patience);
        // Two runs took 15 s each: the ETA is counted from them (a time of day, and how long until then).
        Assert.Matches(@"^\d\d:\d\d \(in \d+ min \d\d s\)$", Cell(page, "ex-1", "experiment-eta"));
    }

    [Fact]
    public void SecondExperiment_GoesOnTop()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-old"));
        var page = Render<ExperimentsPage>();

        Experiments.Save(ExperimentTestData.Paper002("ex-new", ExperimentState.Running, completed: 3) with { CreatedAt = ExperimentTestData.At.AddDays(1) });

        page.WaitForAssertion(() => Assert.Equal(
            ["experiments/ex-new", "experiments/ex-old"],
            page.FindAll("[data-testid=experiment-name] a").Select(a => a.GetAttribute("href"))), s_patience);
        Assert.Equal("90 / 90", Cell(page, "ex-old", "progress-count"));
    }
}
