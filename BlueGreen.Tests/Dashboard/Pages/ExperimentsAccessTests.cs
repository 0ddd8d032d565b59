using BlueGreen.Core.Experiments;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using ExperimentsPage = BlueGreen.Dashboard.Components.Pages.Experiments;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// Experiments and deployments by role: New experiment, New deployment, and an experiment's Pause / Cancel disabled for
/// a Viewer (a pause forced anyway refused and audited), enabled for an Operator.
/// </summary>
public sealed class ExperimentsAccessTests : DashboardTestContext
{
    public ExperimentsAccessTests() : base(FourSites())
    {
    }

    private ExperimentStore Experiments => Services.GetRequiredService<ExperimentStore>();

    private void SignIn(string role)
    {
        Authorization.SetAuthorized("erin");
        Authorization.SetRoles(role);
    }

    [Fact]
    public void Viewer_NewExperimentAndNewDeploymentDisabled_SayingTheRoleNeeded()
    {
        SignIn("Viewer");

        var experiments = Render<ExperimentsPage>();
        AccessAssert.Gated(experiments, "new-experiment");
        Assert.Null(experiments.Find("[data-testid=new-experiment]").GetAttribute("href"));
        AccessAssert.Gated(Render<Deployments>(), "new-deployment");
    }

    [Fact]
    public void Operator_NewExperimentAndNewDeploymentEnabled()
    {
        SignIn("Operator");

        var experiments = Render<ExperimentsPage>();
        AccessAssert.Open(experiments, "new-experiment");
        Assert.Equal("experiments/new", experiments.Find("[data-testid=new-experiment]").GetAttribute("href"));
        AccessAssert.Open(Render<Deployments>(), "new-deployment");
    }

    [Fact]
    public void Viewer_RunningExperiment_PauseAndCancelDisabled()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4));
        SignIn("Viewer");

        AccessAssert.Gated(Render<ExperimentDetail>(p => p.Add(c => c.Id, "ex-1")), "pause", "cancel");
    }

    [Fact]
    public void Operator_RunningExperiment_PauseAndCancelEnabled()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4));
        SignIn("Operator");

        AccessAssert.Open(Render<ExperimentDetail>(p => p.Add(c => c.Id, "ex-1")), "pause", "cancel");
    }

    [Fact]
    public async Task Viewer_PauseAnyway_RefusedAuditedAndStillRunning()
    {
        Experiments.Save(ExperimentTestData.Paper002("ex-1", ExperimentState.Running, completed: 4));
        SignIn("Viewer");
        var toasts = Render<MudSnackbarProvider>();
        var page = Render<ExperimentDetail>(p => p.Add(c => c.Id, "ex-1"));

        // A crafted call: the handler behind the disabled button.
        var pause = page.FindComponents<MudButton>().Single(b => b.FindAll("[data-testid=pause]").Count == 1);
        await page.InvokeAsync(() => pause.Instance.OnClick.InvokeAsync(new MouseEventArgs()));

        Assert.Equal(ExperimentState.Running, Experiments.Find("ex-1")!.State);
        AccessAssert.DeniedOnly(Services, "erin", "experiment.pause", Experiments.Find("ex-1")!.Definition.Environment, "ex-1");
        toasts.WaitForAssertion(() => Assert.Contains("Pause refused: Needs the Operator role.", toasts.Markup), TimeSpan.FromSeconds(5));
    }
}
