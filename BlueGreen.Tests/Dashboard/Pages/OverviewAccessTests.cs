using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Overview's server actions (drain / ready / maint) by role.</summary>
public sealed class OverviewAccessTests : DashboardTestContext
{
    public OverviewAccessTests() : base(FourSites())
    {
    }

    private IRenderedComponent<Overview> RenderAs(string role)
    {
        Authorization.SetAuthorized("carol");
        Authorization.SetRoles(role);
        Store.Publish(EnvironmentStatusBuilder.Build(FourSites(1), [Reachable("lb1", Read("a1", "b1"))], Versions, DateTimeOffset.UtcNow));
        return Render<Overview>();
    }

    private static IEnumerable<AngleSharp.Dom.IElement> ActionButtons(IRenderedComponent<Overview> page)
        => page.FindAll("[data-testid=server-actions] button");

    [Fact]
    public void Viewer_ServerActionsDisabled_SayingTheRoleNeeded()
    {
        var page = RenderAs("Viewer");

        var buttons = ActionButtons(page).ToList();
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.True(b.HasAttribute("disabled")));
        var wrappers = page.FindComponents<MudTooltip>().Where(t => t.FindAll("[data-testid=server-actions]").Count > 0).ToList();
        Assert.Equal(buttons.Count, wrappers.Count);
        Assert.All(wrappers, w => Assert.Equal("Needs the Operator role.", w.Instance.Text));
        Assert.Equal(buttons.Count, page.FindAll("[data-testid=needs-role]").Count);
    }

    [Fact]
    public void Operator_ServerActionsEnabled()
    {
        var page = RenderAs("Operator");

        var buttons = ActionButtons(page).ToList();
        Assert.NotEmpty(buttons);
        Assert.All(buttons, b => Assert.False(b.HasAttribute("disabled")));
        Assert.Empty(page.FindAll("[data-testid=needs-role]"));
    }

    [Fact]
    public async Task Viewer_SetStateAnyway_RefusedAuditedAndToasted()
    {
        var toasts = Render<MudSnackbarProvider>();
        var page = RenderAs("Viewer");

        // A crafted call: what the (disabled) menu would ask for.
        var card = page.FindComponents<SiteCard>().First(c => c.Instance.Site.Servers.Any(s => s.Name == "a1"));
        await page.InvokeAsync(() => card.Instance.OnSetState.InvokeAsync(("a1", AdminState.Drain)));

        var entry = Assert.Single(Services.GetRequiredService<AuditLog>().Query(new AuditQuery()));
        Assert.Equal(("carol", "environment.server-state", AuditOutcome.Denied, "prod", "a1"), (entry.Actor, entry.Action, entry.Outcome, entry.Environment, entry.Target));
        Assert.Contains("Needs the Operator role", page.Find("[data-testid=action-error]").TextContent);
        toasts.WaitForAssertion(() => Assert.Contains("a1 was not changed: Needs the Operator role", toasts.Markup), TimeSpan.FromSeconds(5));
    }
}
