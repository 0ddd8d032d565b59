using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// The engine on paper 000's layout: one server per group (a1 Blue and live, c1 Green). With a single server taking
/// traffic, the never-zero guard has no slack: every step must keep a1 or c1 routable.
/// </summary>
public sealed class TwoSiteDeploymentTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async ValueTask InitializeAsync() => _h = await EngineHarness.StartAsync(twoSites: true);

    public async ValueTask DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Deploy_BlueGreen_TheOtherServerTakesOverNeverZero()
    {
        var record = await _h.WaitForAsync(_h.Deploy("2.0.0").Id, DeploymentState.Succeeded);

        Assert.Equal((SiteGroup.Blue, SiteGroup.Green), (record.FromGroup, record.ToGroup));
        Assert.Equal(AdminState.Ready, _h.LoadBalancer.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, _h.LoadBalancer.AdminOf("a1"));
        Assert.Equal(("1.0.0", "2.0.0"), (_h.Servers.VersionOf("a1"), _h.Servers.VersionOf("c1")));
        Assert.NotEmpty(_h.LoadBalancer.RoutableAfterCommand);
        Assert.All(_h.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Deploy_ThenRollback_BlueBackOnOneServer()
    {
        var deployed = await _h.WaitForAsync(_h.Deploy("2.0.0").Id, DeploymentState.Succeeded);

        _h.Engine.Rollback(deployed.Id, "test");
        await _h.WaitForAsync(deployed.Id, DeploymentState.RolledBack);

        Assert.Equal(AdminState.Ready, _h.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, _h.LoadBalancer.AdminOf("c1"));
        Assert.All(_h.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Deploy_TwoPhase_BothServersOnNewVersionAndLive()
    {
        var record = await _h.WaitForAsync(_h.Deploy("2.0.0", DeploymentStrategy.TwoPhase).Id, DeploymentState.Succeeded);

        Assert.All(["a1", "c1"], s => Assert.Equal("2.0.0", _h.Servers.VersionOf(s)));
        Assert.All(["a1", "c1"], s => Assert.Equal(AdminState.Ready, _h.LoadBalancer.AdminOf(s)));
        Assert.Contains(DeploymentState.UpdatingRest, record.Transitions.Select(t => t.To));
        Assert.All(_h.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }
}
