using BlueGreen.Core.Experiments;
using BlueGreen.Dashboard.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The live experiment page on the real store and runner: the matrix fills in from the stream, only the actions the
/// rules allow are offered, and an action asks first, goes through the runner and is answered by a toast.
/// </summary>
public sealed class ExperimentDetailTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    public ExperimentDetailTests() : base(FourSites())
    {
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private IRenderedComponent<ExperimentDetail> Open(string id) => Render<ExperimentDetail>(p => p.Add(c => c.Id, id));

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<ExperimentDetail> page, string level, string scenario)
        => page.FindAll("[data-testid=matrix-cell]").Single(c => c.GetAttribute("data-level") == level && c.GetAttribute("data-scenario") == scenario);

    private static string[] Actions(IRenderedComponent<ExperimentDetail> page)
        => [.. new[] { "pause", "resume", "cancel" }.Where(a => page.FindAll($"[data-testid={a}]").Count > 0)];

    [Fact]
    public void Running_GridOfLevelsByScenariosAndTheCurrentRun()
    {
        // Four runs done: the first round's Low (3 scenarios) and the first Medium one.
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4, running: true));

        var page = Open("ex-1");

        Assert.Equal(9, page.FindAll("[data-testid=matrix-cell]").Count);
        var lowNone = Cell(page, "Low", "None");
        Assert.Equal(("1", "10", "0"), (lowNone.GetAttribute("data-ended"), lowNone.GetAttribute("data-planned"), lowNone.GetAttribute("data-failed")));
        Assert.Equal("errors 0.020 %", lowNone.QuerySelector("[data-testid=cell-error]")!.TextContent.Trim());
        Assert.Equal("mean 10.5 ms", lowNone.QuerySelector("[data-testid=cell-latency]")!.TextContent.Trim());
        Assert.Equal("0", Cell(page, "High", "Fail").GetAttribute("data-ended"));
        Assert.Equal("errors –", Cell(page, "High", "Fail").QuerySelector("[data-testid=cell-error]")!.TextContent.Trim());
        Assert.Equal("4 / 90", page.Find("[data-testid=runs-ended]").TextContent.Trim());
        Assert.Contains("run 5 of 90", page.Find("[data-testid=current-run-what]").TextContent);
        // Its load test is drawn by the charts control (here: one the service does not know).
        Assert.Equal("There is no load test 'lt-now' to draw.", page.Find("[data-testid=loadtest-charts-missing]").TextContent);
        Assert.Equal(["pause", "cancel"], Actions(page));
    }

    [Fact]
    public void RunEndsOnTheStream_CellFillsInWithoutReload()
    {
        var record = Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4, running: true));
        var page = Open("ex-1");
        var running = record.Runs[4];
        Assert.Contains("running", Cell(page, running.Level, running.Scenario).ClassList);

        Experiments.Save(record with { Runs = [.. record.Runs.Select(r => r.Index == 4 ? r with { State = RunState.Failed, EndedAt = r.StartedAt, Error = "The load test was refused." } : r)] });

        page.WaitForAssertion(() =>
        {
            var cell = Cell(page, running.Level, running.Scenario);
            Assert.Equal(("1", "1"), (cell.GetAttribute("data-ended"), cell.GetAttribute("data-failed")));
            Assert.Contains("failed", cell.ClassList);
            Assert.Equal("1 failed", cell.QuerySelector("[data-testid=cell-failed]")!.TextContent.Trim());
        }, s_patience);
        Assert.Equal("Failed", page.Find("[data-testid=runs-table] tr[data-run='4']").GetAttribute("data-state"));
    }

    [Theory]
    [InlineData(ExperimentState.Pending, new[] { "pause", "cancel" })]
    [InlineData(ExperimentState.Paused, new[] { "resume", "cancel" })]
    [InlineData(ExperimentState.Completed, new string[0])]
    [InlineData(ExperimentState.Cancelled, new string[0])]
    [InlineData(ExperimentState.Failed, new string[0])]
    public void State_OnlyTheActionsItAllows(ExperimentState state, string[] expected)
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", state, completed: 10) with { Reason = state == ExperimentState.Paused ? "3 runs failed in a row; the last: lab unreachable." : null });

        var page = Open("ex-1");

        Assert.Equal(expected, Actions(page));
        Assert.Equal(state.ToString(), page.Find("[data-testid=experiment-state]").GetAttribute("data-state"));
        if (state == ExperimentState.Paused)
        {
            Assert.Contains("3 runs failed in a row", page.Find("[data-testid=experiment-reason]").TextContent);
        }
    }

    [Fact]
    public void PauseRequested_NoSecondPause()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4, running: true) with
        {
            PauseRequested = true,
            Reason = "Pause requested by operator; it pauses when the current run ends.",
        });

        var page = Open("ex-1");

        Assert.Equal(["cancel"], Actions(page));
        Assert.Contains("it pauses when the current run ends", page.Find("[data-testid=experiment-reason]").TextContent);
    }

    [Fact]
    public void Pause_AskedAndConfirmed_RunnerPausesAndAToastSaysSo()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4));
        var dialogs = Render<MudDialogProvider>();
        var toasts = Render<MudSnackbarProvider>();
        var page = Open("ex-1");

        page.Find("[data-testid=pause]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("No run starts until you resume.", dialogs.Markup), s_patience);
        Assert.Equal(ExperimentState.Running, Experiments.Find("ex-1")!.State);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Pause").Click();

        page.WaitForAssertion(() => Assert.Equal("Paused", page.Find("[data-testid=experiment-state]").GetAttribute("data-state")), s_patience);
        Assert.Equal(ExperimentState.Paused, Experiments.Find("ex-1")!.State);
        Assert.Equal("Paused by test-admin.", Experiments.Find("ex-1")!.Reason);
        Assert.Equal(["resume", "cancel"], Actions(page));
        toasts.WaitForAssertion(() => Assert.Contains("Paused.", toasts.Markup), s_patience);
    }

    [Fact]
    public void Cancel_AskedAndDeclined_NothingChanges()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Paused, completed: 4));
        var dialogs = Render<MudDialogProvider>();
        var page = Open("ex-1");

        page.Find("[data-testid=cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("This cannot be undone", dialogs.Markup), s_patience);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep it").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("This cannot be undone", dialogs.Markup), s_patience);
        Assert.Equal(ExperimentState.Paused, Experiments.Find("ex-1")!.State);
        Assert.Equal(["resume", "cancel"], Actions(page));
    }

    [Fact]
    public void UnknownId_SaysSo()
    {
        var page = Open("nope");

        Assert.Contains("There is no experiment 'nope'", page.Markup);
    }
}
