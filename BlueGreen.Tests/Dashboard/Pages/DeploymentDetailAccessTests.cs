using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The deployment page's actions by role: disabled saying the role a Viewer needs, refused and audited on the server.</summary>
public sealed class DeploymentDetailAccessTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);

    public DeploymentDetailAccessTests() : base(FourSites())
    {
    }

    private DeploymentStore Deployments => Services.GetRequiredService<DeploymentStore>();

    private void SaveAwaitingApproval() => Deployments.Save(new DeploymentRecord
    {
        Id = "d1", Environment = "prod", Version = "2.0.0", PreviousVersion = "1.0.0", Strategy = DeploymentStrategy.BlueGreen,
        State = DeploymentState.AwaitingApproval, FromGroup = SiteGroup.Blue, ToGroup = SiteGroup.Green,
        CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
    });

    [Fact]
    public void Viewer_PromoteAndAbortDisabled_SayingTheRoleNeeded()
    {
        SaveAwaitingApproval();
        Authorization.SetRoles("Viewer");

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.True(page.Find("[data-testid=promote]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=abort]").HasAttribute("disabled"));
        AccessAssert.Gated(page, "promote", "abort");
    }

    [Fact]
    public void Operator_PromoteAndAbortEnabled_NoRoleTooltip()
    {
        SaveAwaitingApproval();
        Authorization.SetRoles("Operator");

        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Assert.False(page.Find("[data-testid=promote]").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid=abort]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=needs-role]"));
    }

    [Fact]
    public async Task RoleTakenAway_PromoteInvokedAnyway_RefusedAuditedAndToasted()
    {
        SaveAwaitingApproval();
        Authorization.SetAuthorized("bob");
        Authorization.SetRoles("Operator");
        var toasts = Render<MudSnackbarProvider>();
        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        Authorization.SetRoles("Viewer");
        page.WaitForAssertion(() => Assert.True(page.Find("[data-testid=promote]").HasAttribute("disabled")), s_patience);
        // A crafted call: the handler behind the (now disabled) button.
        var promote = page.FindComponents<MudButton>().Single(b => b.Find("button").GetAttribute("data-testid") == "promote");
        await page.InvokeAsync(() => promote.Instance.OnClick.InvokeAsync(new MouseEventArgs()));

        Assert.Equal(DeploymentState.AwaitingApproval, Deployments.Find("d1")!.State);
        Assert.Null(Deployments.Find("d1")!.Approval);
        AccessAssert.DeniedOnly(Services, "bob", "deployment.approve", "prod", "d1");
        toasts.WaitForAssertion(() => Assert.Contains("Needs the Operator role", toasts.Markup), s_patience);
    }

    /// <summary>
    /// Approving needs a deployment the engine is running (HAProxy behind it), which this context has not: the
    /// successful action here is Mark resolved, on a failed deployment, and the record names alice as resolver.
    /// </summary>
    [Fact]
    public void OperatorAlice_MarksResolved_AuditedAndRecordedAsHers()
    {
        Deployments.Save(new DeploymentRecord
        {
            Id = "d1", Environment = "prod", Version = "2.0.0", PreviousVersion = "1.0.0", Strategy = DeploymentStrategy.BlueGreen,
            State = DeploymentState.Failed, FromGroup = SiteGroup.Blue, ToGroup = SiteGroup.Green,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, Error = "Smoke tests failed on Green; nothing was switched.",
        });
        Authorization.SetAuthorized("alice");
        Authorization.SetRoles("Operator");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<DeploymentDetail>(p => p.Add(c => c.Id, "d1"));

        page.Find("[data-testid=resolve]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Do this only after checking", dialogs.Markup), s_patience);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Mark resolved").Click();

        page.WaitForAssertion(() => Assert.Equal(DeploymentState.Resolved, Deployments.Find("d1")!.State), s_patience);
        Assert.Contains(Deployments.Find("d1")!.Transitions, t => t.Reason == "Marked resolved by alice");
        var entry = Assert.Single(Services.GetRequiredService<AuditLog>().Query(new AuditQuery()));
        Assert.Equal(("alice", "deployment.resolve", AuditOutcome.Succeeded, "d1", "prod"), (entry.Actor, entry.Action, entry.Outcome, entry.Target, entry.Environment));
    }
}
