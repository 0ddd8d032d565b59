using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The deployment page on the real store and engine: buttons as the rules allow, live updates from the stream, actions with a confirmation and a toast.</summary>
public sealed class DeploymentDetailTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset s_at = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    public DeploymentDetailTests() : base(FourSites())
    {
    }

    private DeploymentStore Deployments => Services.GetRequiredService<DeploymentStore>();

    private DeploymentRecord Save(string id, DeploymentState state, bool switched, int minutes = 0, DeploymentStrategy strategy = DeploymentStrategy.BlueGreen)
        => Deployments.Save(new DeploymentRecord
        {
            Id = id, Environment = "prod", Version = "2.0.0", PreviousVersion = "1.0.0", Strategy = strategy, State = state,
            FromGroup = SiteGroup.Blue, ToGroup = SiteGroup.Green, CreatedAt = s_at.AddMinutes(minutes), UpdatedAt = s_at.AddMinutes(minutes),
            SwitchedAt = switched ? s_at.AddMinutes(minutes + 1) : null,
            Error = state is DeploymentState.Failed ? "Smoke tests failed on Green; nothing was switched." : null,
        });

    [Fact]
    public void FailedBeforeTheSwitch_OnlyMarkResolved()
    {
        Save("d1", DeploymentState.Failed, switched: false);

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.Single(page.FindAll("[data-testid=resolve]"));
        Assert.Empty(page.FindAll("[data-testid=rollback]"));
        Assert.Empty(page.FindAll("[data-testid=rollback-unavailable]"));
        Assert.Empty(page.FindAll("[data-testid=abort]"));
        Assert.Contains("Smoke tests failed", page.Find("[data-testid=deployment-error]").TextContent);
    }

    [Fact]
    public void LatestSwitchedSuccess_RollBackNamesTheTarget()
    {
        Save("d1", DeploymentState.Succeeded, switched: true);

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.Equal("Roll back to 1.0.0 on Blue", page.Find("[data-testid=rollback]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=resolve]"));
    }

    [Fact]
    public void OlderSuccess_RollBackDisabledSayingWhy()
    {
        Save("d1", DeploymentState.Succeeded, switched: true);
        Save("d2", DeploymentState.Succeeded, switched: true, minutes: 5);

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.Empty(page.FindAll("[data-testid=rollback]"));
        Assert.True(page.Find("[data-testid=rollback-unavailable]").HasAttribute("disabled"));
        Assert.Contains(page.FindComponents<MudTooltip>(), t => t.Instance.Text?.Contains("not the latest deployment that switched on prod (d2 is)", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void TwoPhaseSuccess_NoRollBack()
    {
        Save("d1", DeploymentState.Succeeded, switched: true, strategy: DeploymentStrategy.TwoPhase);

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.Empty(page.FindAll("[data-testid=rollback]"));
        Assert.Contains(page.FindComponents<MudTooltip>(), t => t.Instance.Text?.Contains("updated both groups", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void RecordChangedOnTheStream_PageFollowsWithoutReload()
    {
        var record = Save("d1", DeploymentState.Switching, switched: true);
        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));
        Assert.Equal("Abort the switch", page.Find("[data-testid=abort]").TextContent.Trim());

        Deployments.Save(record with { State = DeploymentState.Watching });
        Deployments.AddLog(new DeploymentLogLine { DeploymentId = "d1", At = s_at, Text = "switch: c1, d1 serve" });

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Watching", page.Find("[data-testid=deployment-state]").GetAttribute("data-state"));
            Assert.Empty(page.FindAll("[data-testid=abort]"));
            Assert.Single(page.FindAll("[data-testid=rollback]"));
            Assert.Contains("switch: c1, d1 serve", page.Find("[data-testid=deployment-log]").TextContent);
        }, s_patience);
    }

    [Fact]
    public void ManualRollbackDone_ShownAsSuccess()
    {
        Deployments.Save(Save("d1", DeploymentState.Succeeded, switched: true) with
        {
            State = DeploymentState.RolledBack,
            Summary = "Rolled back by an operator: Blue serves 1.0.0 again and Green is back in maintenance.",
        });

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.Contains("Rolled back by an operator", page.Find("[data-testid=deployment-summary]").TextContent);
        Assert.Contains("mud-alert-text-success", page.Find("[data-testid=deployment-summary]").ClassName);
        Assert.Empty(page.FindAll("[data-testid=deployment-error]"));
    }

    [Fact]
    public void MarkResolved_Confirmed_EngineMovesItAndAToastSaysSo()
    {
        Save("d1", DeploymentState.Failed, switched: false);
        var dialogs = Render<MudDialogProvider>();
        var toasts = Render<MudSnackbarProvider>();
        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        page.Find("[data-testid=resolve]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Do this only after checking", dialogs.Markup), s_patience);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Mark resolved").Click();

        page.WaitForAssertion(() => Assert.Equal("Resolved", page.Find("[data-testid=deployment-state]").GetAttribute("data-state")), s_patience);
        Assert.Equal(DeploymentState.Resolved, Deployments.Find("d1")!.State);
        toasts.WaitForAssertion(() => Assert.Contains("Marked resolved.", toasts.Markup), s_patience);
    }

    [Fact]
    public void UnknownId_SaysSo()
    {
        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "nope"));

        Assert.Contains("There is no deployment 'nope'", page.Markup);
    }
}
