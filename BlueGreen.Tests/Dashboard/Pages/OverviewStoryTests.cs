using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Fakes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Overview's banner tells the whole story: the running deployment, reduced capacity, a manual Both.</summary>
public sealed class OverviewStoryTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset s_at = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public OverviewStoryTests() : base(FourSites())
    {
    }

    private DeploymentStore Deployments => Services.GetRequiredService<DeploymentStore>();

    private void Publish(LoadBalancerState read)
        => Store.Publish(EnvironmentStatusBuilder.Build(FourSites(), [Reachable("lb1", read)], Versions, DateTimeOffset.UtcNow));

    private DeploymentRecord Save(string id, DeploymentState state, string version = "3.0.0",
        DeploymentStrategy strategy = DeploymentStrategy.BlueGreen, DateTimeOffset? createdAt = null)
        => Deployments.Save(new DeploymentRecord
        {
            Id = id,
            Environment = "prod",
            Version = version,
            PreviousVersion = "1.0.0",
            Strategy = strategy,
            FromGroup = SiteGroup.Blue,
            ToGroup = SiteGroup.Green,
            RequestedBy = "alice",
            State = state,
            CreatedAt = createdAt ?? s_at,
            UpdatedAt = createdAt ?? s_at,
        });

    private static LoadBalancerState WithServer(LoadBalancerState read, ServerState server)
        => read with { Servers = [.. read.Servers.Select(s => s.Name == server.Name ? server : s)] };

    private static string VersionOf(IRenderedComponent<Overview> page, string server)
        => page.Find($"[data-server={server}] [data-testid=version]").TextContent.Trim();

    [Fact]
    public void Render_DeploymentUpdating_BannerShowsItAndServersReadUpdatingTo()
    {
        Publish(Read("a1", "b1"));
        Save("dep1", DeploymentState.Updating);

        var page = Render<Overview>();

        var running = page.Find("[data-testid=running-deployment]");
        Assert.Contains("Deploying 3.0.0 to Green", running.TextContent);
        Assert.Equal("Updating", running.QuerySelector("[data-testid=deployment-state]")!.GetAttribute("data-state"));
        Assert.Equal("deployments/dep1", running.QuerySelector("[data-testid=running-deployment-link]")!.GetAttribute("href"));
        // d1 reports no version (it is being installed), c1 still the old one; Blue is not touched.
        Assert.Equal("updating to 3.0.0", VersionOf(page, "d1"));
        Assert.Equal("2.0.0, updating to 3.0.0", VersionOf(page, "c1"));
        Assert.Equal("1.0.0", VersionOf(page, "a1"));
        Assert.DoesNotContain("version ?", page.Find("[data-site=D]").TextContent);
    }

    [Fact]
    public void Render_DeploymentAwaitingApproval_LinksToReviewIt()
    {
        Publish(Read("a1", "b1"));
        Save("dep1", DeploymentState.AwaitingApproval);

        var page = Render<Overview>();

        var link = page.Find("[data-testid=running-deployment-link]");
        Assert.Equal("Review and approve", link.TextContent.Trim());
        Assert.Equal("AwaitingApproval", page.Find("[data-testid=running-deployment] [data-testid=deployment-state]").GetAttribute("data-state"));
        // Updated and smoke-tested: nothing is being updated any more.
        Assert.Equal("version ?", VersionOf(page, "d1"));
    }

    [Fact]
    public void Render_DeploymentStartsAndEndsOnTheStream_BannerFollowsWithoutReload()
    {
        Publish(Read("a1", "b1"));
        var page = Render<Overview>();
        Assert.Empty(page.FindAll("[data-testid=running-deployment]"));

        var record = Save("dep1", DeploymentState.Updating);
        page.WaitForAssertion(() => Assert.Equal("updating to 3.0.0", VersionOf(page, "d1")), s_patience);
        Assert.Equal("dep1", page.Find("[data-testid=running-deployment]").GetAttribute("data-deployment"));

        Deployments.Save(record with { State = DeploymentState.Failed });
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=running-deployment]")), s_patience);
        Assert.Equal("version ?", VersionOf(page, "d1"));
    }

    [Fact]
    public void Render_TwoPhaseSecondHalf_TheOutgoingGroupReadsUpdatingTo()
    {
        Publish(Read("c1", "d1"));
        Save("dep1", DeploymentState.UpdatingRest, strategy: DeploymentStrategy.TwoPhase);

        var page = Render<Overview>();

        Assert.Equal("1.0.0, updating to 3.0.0", VersionOf(page, "a1"));
        Assert.Equal("2.0.0", VersionOf(page, "c1"));
    }

    [Fact]
    public void Render_LiveServerDraining_BannerWarnsOfReducedCapacity()
    {
        Publish(WithServer(Read("a1", "b1"), Server("b1", AdminState.Drain)));

        var page = Render<Overview>();

        var warning = page.Find("[data-testid=reduced-capacity]");
        Assert.Contains("Blue live, 1 of 2 servers serving", warning.TextContent);
        Assert.Contains("b1 draining", warning.TextContent);
    }

    [Theory]
    [InlineData(AdminState.Ready, OperationalState.Down, "d1 DOWN")]
    [InlineData(AdminState.Maint, OperationalState.Down, "d1 in maint")]
    public void Render_LiveServerDownOrInMaint_BannerWarnsNamingIt(AdminState admin, OperationalState operational, string why)
    {
        Publish(WithServer(Read("c1", "d1"), Server("d1", admin, operational)));

        var page = Render<Overview>();

        Assert.Equal("Green", page.Find("[data-testid=live-banner]").GetAttribute("data-live-group"));
        var warning = page.Find("[data-testid=reduced-capacity]").TextContent;
        Assert.Contains("Green live, 1 of 2 servers serving", warning);
        Assert.Contains(why, warning);
    }

    [Fact]
    public void Render_LiveGroupAtFullCapacity_NoWarning()
    {
        Publish(Read("a1", "b1"));

        var page = Render<Overview>();

        Assert.Empty(page.FindAll("[data-testid=reduced-capacity]"));
        Assert.Empty(page.FindAll("[data-testid=manual-both]"));
    }

    [Fact]
    public void Render_StandbyServerReadyByHand_SaysManualBothAndOffersTheFix()
    {
        Publish(Read("a1", "b1", "c1"));

        var page = Render<Overview>();

        Assert.Equal("Both", page.Find("[data-testid=live-banner]").GetAttribute("data-live-group"));
        var manual = page.Find("[data-testid=manual-both]");
        Assert.Contains("By a manual change, not a deployment: c1 of the standby group Green takes traffic.", manual.TextContent);
        Assert.Equal("Put Green back in maint", page.Find("[data-testid=fix-both]").TextContent.Trim());
    }

    [Fact]
    public void Render_BothDuringASwitch_NotManual()
    {
        Publish(Read("a1", "b1", "c1", "d1"));
        Save("dep1", DeploymentState.Switching);

        var page = Render<Overview>();

        Assert.Empty(page.FindAll("[data-testid=manual-both]"));
        Assert.Contains("the deployment's switch is under way", page.Find("[data-testid=live-banner]").TextContent);
    }

    [Fact]
    public void Render_BothAfterATwoPhaseRollout_NotManual()
    {
        Publish(Read("a1", "b1", "c1", "d1"));
        Save("dep1", DeploymentState.Succeeded, strategy: DeploymentStrategy.TwoPhase);

        var page = Render<Overview>();

        Assert.Empty(page.FindAll("[data-testid=manual-both]"));
        Assert.Contains("after a full rollout", page.Find("[data-testid=live-banner]").TextContent);
    }

    [Fact]
    public void Render_BothFullyAfterABlueGreenRollout_StandbyIsTheGroupItLeft()
    {
        // Green went live with dep1; then someone set a1 and b1 READY again.
        Publish(Read("a1", "b1", "c1", "d1"));
        Save("dep1", DeploymentState.Succeeded);

        var page = Render<Overview>();

        Assert.Contains("a1, b1 of the standby group Blue take traffic", page.Find("[data-testid=manual-both]").TextContent);
        Assert.Equal("Put Blue back in maint", page.Find("[data-testid=fix-both]").TextContent.Trim());
    }

    [Fact]
    public void Render_BothPartlyWithNoDeployment_StandbyIsTheGroupStillPartlyInMaint()
    {
        // b1 drained and c1 set READY by hand: both groups partly live; Green still has d1 in maintenance.
        Publish(WithServer(Read("a1", "c1"), Server("b1", AdminState.Drain)));

        var page = Render<Overview>();

        Assert.Contains("c1 of the standby group Green takes traffic", page.Find("[data-testid=manual-both]").TextContent);
        Assert.Equal("Put Green back in maint", page.Find("[data-testid=fix-both]").TextContent.Trim());
    }

    [Fact]
    public void Render_BothFullyWithNoDeployment_SaysSoWithoutGuessingAFix()
    {
        Publish(Read("a1", "b1", "c1", "d1"));

        var page = Render<Overview>();

        Assert.Contains("no deployment says which group should stand by", page.Find("[data-testid=manual-both]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=fix-both]"));
    }

    [Fact]
    public void FixBoth_Confirmed_StandbyBackInMaintAuditedAndToasted()
    {
        var lb = new FakeLoadBalancer(("a1", AdminState.Ready), ("b1", AdminState.Ready), ("c1", AdminState.Ready), ("d1", AdminState.Maint));
        Services.GetRequiredService<LoadBalancerRegistry>().Register("prod", "lb1", lb, "HAProxy");
        Publish(Read("a1", "b1", "c1"));
        var dialogs = Render<MudDialogProvider>();
        var toasts = Render<MudSnackbarProvider>();
        var page = Render<Overview>();

        page.Find("button[data-testid=fix-both]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Set c1 in prod to MAINT on every load balancer?", dialogs.Markup), s_patience);
        Assert.Empty(lb.Commands);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Set MAINT").Click();

        toasts.WaitForAssertion(() => Assert.Contains("Green is back in maintenance (c1) on every load balancer of prod.", toasts.Markup), s_patience);
        Assert.Equal(["c1:Maint"], lb.Commands);
        var entry = Assert.Single(Services.GetRequiredService<AuditLog>().Query(new AuditQuery()));
        Assert.Equal(("test-admin", "environment.server-state", AuditOutcome.Succeeded, "prod", "c1"),
            (entry.Actor, entry.Action, entry.Outcome, entry.Environment, entry.Target));
    }

    [Fact]
    public void FixBoth_Cancelled_NothingChangesNorIsAudited()
    {
        var lb = new FakeLoadBalancer(("a1", AdminState.Ready), ("b1", AdminState.Ready), ("c1", AdminState.Ready), ("d1", AdminState.Maint));
        Services.GetRequiredService<LoadBalancerRegistry>().Register("prod", "lb1", lb, "HAProxy");
        Publish(Read("a1", "b1", "c1"));
        var dialogs = Render<MudDialogProvider>();
        var page = Render<Overview>();

        page.Find("button[data-testid=fix-both]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Put Green back in maintenance", dialogs.Markup), s_patience);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Put Green back in maintenance", dialogs.Markup), s_patience);
        Assert.Empty(lb.Commands);
        Assert.Empty(Services.GetRequiredService<AuditLog>().Query(new AuditQuery()));
    }

    [Fact]
    public void FixBoth_Viewer_DisabledSayingTheRoleNeeded()
    {
        Authorization.SetRoles("Viewer");
        Publish(Read("a1", "b1", "c1"));

        var page = Render<Overview>();

        Assert.True(page.Find("button[data-testid=fix-both]").HasAttribute("disabled"));
        var tooltip = page.FindComponents<MudTooltip>().Single(t => t.FindAll("[data-testid=fix-both]").Count > 0);
        Assert.Equal("Needs the Operator role.", tooltip.Instance.Text);
    }
}
