using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// The engine on paper 000's layout: one server per group (a1 Blue and live, c1 Green). With a single server taking
/// traffic, the never-zero guard has no slack: every step must keep a1 or c1 routable.
/// </summary>
public sealed class TwoSiteDeploymentTests() : EngineTestBase(twoSites: true)
{
    [Fact]
    public async Task Deploy_BlueGreen_TheOtherServerTakesOverNeverZero()
    {
        var record = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded);

        Assert.Equal((SiteGroup.Blue, SiteGroup.Green), (record.FromGroup, record.ToGroup));
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(("1.0.0", "2.0.0"), (H.Servers.VersionOf("a1"), H.Servers.VersionOf("c1")));
        Assert.NotEmpty(H.LoadBalancer.RoutableAfterCommand);
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Deploy_ThenRollback_BlueBackOnOneServer()
    {
        var deployed = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded);

        await H.Engine.RollbackAsync(deployed.Id, "test", TestContext.Current.CancellationToken);
        await H.WaitForAsync(deployed.Id, DeploymentState.RolledBack);

        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Deploy_TwoPhase_BothServersOnNewVersionAndLive()
    {
        var record = await H.WaitForAsync(H.Deploy("2.0.0", DeploymentStrategy.TwoPhase).Id, DeploymentState.Succeeded);

        Assert.All(["a1", "c1"], s => Assert.Equal("2.0.0", H.Servers.VersionOf(s)));
        Assert.All(["a1", "c1"], s => Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf(s)));
        Assert.Contains(DeploymentState.UpdatingRest, record.Transitions.Select(t => t.To));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }
}
