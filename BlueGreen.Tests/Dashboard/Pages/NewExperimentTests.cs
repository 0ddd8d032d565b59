using AngleSharp.Dom;
using BlueGreen.Core.Experiments;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.LoadTesting;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The New experiment page on the real runner and validation, for environment <c>test</c> (no lab, so no default
/// baseline version): every problem the definition's own validation finds shows on its field as typed and keeps
/// Start disabled; a valid form starts the experiment (its runs held by a fake executor) and opens its live page.
/// </summary>
public sealed class NewExperimentTests : DashboardTestContext, IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);
    private IRenderedComponent<MudPopoverProvider> _popovers = null!;
    private IRenderedComponent<NewExperiment> _page = null!;

    public NewExperimentTests() : base(LoadTestServiceHarness.Environment(new Uri("http://127.0.0.1:9/")))
    {
        Services.AddSingleton<IRunExecutor, HeldRunExecutor>();
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private IElement StartButton => _page.Find("[data-testid=start-experiment]");

    private bool CanStart => !StartButton.HasAttribute("disabled");

    public ValueTask InitializeAsync()
    {
        _popovers = Render<MudPopoverProvider>();
        _page = Render<NewExperiment>();
        return ValueTask.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await Services.GetRequiredService<ExperimentRunner>().StopAsync(CancellationToken.None).WaitAsync(s_patience);
        await base.DisposeAsync().AsTask().WaitAsync(s_patience);
    }

    [Fact]
    public void Preset_NoBaselineOutsideTheLab_NamedOnTheFieldAndStartDisabled()
    {
        Assert.False(CanStart);
        Assert.Contains("is missing.", ProblemOf("baseline-input"), StringComparison.Ordinal);
        Assert.Contains("paper 002 (JMeter)", _page.Find("[data-testid=preset-description]").TextContent, StringComparison.OrdinalIgnoreCase);

        Type("baseline-input", "1.0.0");

        Assert.True(CanStart);
        Assert.Null(ProblemOf("baseline-input"));
        // 3 levels x 3 scenarios x 10 runs; each run's load test 6 s at scale 0.02 (its ramp-up inside), plus a 1-s cool-down.
        Assert.StartsWith("90 runs of about 6 s each: at least 10 min 30 s end to end", _page.Find("[data-testid=estimate]").TextContent.Trim());
        Assert.Equal(["Low", "Medium", "High"], _page.FindAll("[data-testid=preset-levels] tbody tr td:first-child").Select(c => c.TextContent));
    }

    [Theory]
    [InlineData("5", "must be above 0 and at most 1 (was 5).")]
    [InlineData("0", "must be above 0 and at most 1 (was 0).")]
    [InlineData("fast", "'fast' is not a number, e.g. 2.5.")]
    public void Preset_ScaleTheDefinitionRefuses_NamedAsTypedAndStartDisabled(string typed, string expected)
    {
        Type("baseline-input", "1.0.0");

        Type("scale-input", typed);

        Assert.False(CanStart);
        Assert.Contains(expected, ProblemOf("scale-input"), StringComparison.Ordinal);
        Assert.Equal(typed, Input("scale-input").GetAttribute("value"));
    }

    [Fact]
    public void Scratch_LevelAndScenarioProblems_OnTheirCellsAndStartDisabled()
    {
        Type("baseline-input", "1.0.0");
        OpenScratch();
        Type("name-input", "tiny");
        Assert.True(CanStart, string.Join(" | ", _page.FindAll("[data-testid=experiment-problem]").Select(p => p.TextContent)));

        Type("level-0-rate", "abc");
        Type("scenario-1-version", "");
        Type("deploy-at-input", "-1");

        Assert.False(CanStart);
        Assert.Equal("'abc' is not a number, e.g. 2.5.", ProblemOf("level-0-rate"));
        Assert.Equal("abc", Input("level-0-rate").GetAttribute("value"));
        Assert.Contains("scenarios[1].version is required", ProblemOf("scenario-1-version"), StringComparison.Ordinal);
        Assert.Contains("must be 0 or more (was -1).", ProblemOf("deploy-at-input"), StringComparison.Ordinal);

        Type("level-0-rate", "0");
        Assert.Contains("must be above 0 requests/s (was 0).", ProblemOf("level-0-rate"), StringComparison.Ordinal);

        Type("level-0-rate", "50");
        Type("scenario-1-version", "2.0.0");
        Type("deploy-at-input", "40");
        // Deploying after the 30-s runs end is named on the deploy-at field, as the load test's validation says.
        Assert.Contains("is not before the end of the test", ProblemOf("deploy-at-input"), StringComparison.Ordinal);
        Assert.False(CanStart);

        Type("deploy-at-input", "10");
        Assert.True(CanStart);
    }

    [Fact]
    public void Scratch_NeitherDurationNorRequests_BothCellsSayWhy()
    {
        Type("baseline-input", "1.0.0");
        OpenScratch();

        Type("level-0-duration", "");

        Assert.False(CanStart);
        Assert.Contains("neither is set.", ProblemOf("level-0-duration"), StringComparison.Ordinal);
        Assert.Contains("neither is set.", ProblemOf("level-0-requests"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customize_ThePresetAsAnEditableDefinition_KeepsItsTag()
    {
        Type("baseline-input", "1.0.0");

        await _page.Find("[data-testid=customize]").ClickAsync(new()).WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(3, _page.FindAll("[data-testid=levels-table] tbody tr").Count);
        Assert.Equal("260", Input("level-1-rate").GetAttribute("value"));
        Assert.Equal("9.9.9-broken", Input("scenario-2-version").GetAttribute("value"));
        Assert.Contains("based on paper-002", _page.Find("[data-testid=based-on]").TextContent);
        Type("repetitions-input", "2");
        Assert.StartsWith("18 runs", _page.Find("[data-testid=estimate]").TextContent.Trim());
    }

    [Fact]
    public async Task Start_ValidScratch_StartsItToastsAndOpensItsLivePage()
    {
        var toasts = Render<MudSnackbarProvider>();
        Type("baseline-input", "1.0.0");
        OpenScratch();
        Type("name-input", "tiny");
        await _page.Find("[data-testid=scenario-2-remove]").ClickAsync(new()).WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        await StartButton.ClickAsync(new()).WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        var experiment = Assert.Single(Experiments.List());
        Assert.Equal(("tiny", "test", "1.0.0"), (experiment.Definition.Name, experiment.Definition.Environment, experiment.Definition.BaselineVersion));
        Assert.Equal(["None", "Success"], experiment.Definition.ScenarioNames);
        Assert.Equal(6, experiment.Runs.Count);
        Assert.EndsWith($"/experiments/{experiment.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        toasts.WaitForAssertion(() => Assert.Contains("Experiment tiny started: 6 runs.", toasts.Markup), s_patience);
    }

    [Fact]
    public async Task Start_AnotherExperimentRuns_RefusedSayingWhich()
    {
        var runner = Services.GetRequiredService<ExperimentRunner>();
        Type("baseline-input", "1.0.0");
        var first = runner.Start(runner.Expand(new ExperimentDefinition { Preset = ExperimentPresets.Paper002, Environment = "test", Scale = 0.02, BaselineVersion = "1.0.0" }), "tester");

        await StartButton.ClickAsync(new()).WaitAsync(s_patience, Xunit.TestContext.Current.CancellationToken);

        Assert.Contains($"Experiment {first.Id} is running", _page.Find("[data-testid=start-error]").TextContent);
        Assert.Single(Experiments.List());
    }

    private void OpenScratch()
        => _page.FindAll(".mud-tab").Single(t => t.TextContent.Contains("From scratch", StringComparison.Ordinal)).Click();

    private IElement Input(string field) => _page.Find($"input[data-testid={field}]");

    private void Type(string field, string text) => Input(field).Input(text);

    /// <summary>The problem shown on the field, or null when it shows none.</summary>
    private string? ProblemOf(string field)
    {
        var control = Input(field).Closest(".mud-input-control")!;
        return control.ClassList.Contains("mud-input-error") ? control.QuerySelector(".mud-input-helper-text")?.TextContent.Trim() : null;
    }

    /// <summary>Holds every run until the runner stops, so a started experiment stays Running and touches nothing.</summary>
    private sealed class HeldRunExecutor : IRunExecutor
    {
        public async Task<RunOutcome> ExecuteAsync(ExperimentRecord experiment, ExperimentRun run, Func<Func<ExperimentRun, ExperimentRun>, ExperimentRun> update, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return RunOutcome.Failure("unreachable");
        }
    }
}
