using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// Fault injection: the load balancer's runtime API goes away in the middle of the switch. The deployment stops with
/// a message that says where it stopped and what to do, no step is left "running", and once the load balancer is
/// back a rollback returns Blue without ever leaving zero servers routable.
/// </summary>
public sealed class LoadBalancerLostTests : EngineTestBase
{
    [Fact]
    public async Task LostMidSwitch_FailsSayingWhatToDo_RollbackWhenBack()
    {
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);
        // Let the two incoming READY commands land, then the socket is gone.
        H.LoadBalancer.LostAfterCommands = H.LoadBalancer.Commands.Count + 2;

        H.Engine.Approve(id, "alice", null);
        var failed = await H.WaitForAsync(id, DeploymentState.Failed);

        Assert.Contains("The switch to Green stopped half-way on lb1:", failed.Error);
        Assert.Contains("Roll back (returns Blue and drains Green)", failed.Error);
        Assert.All(failed.Steps, s => Assert.NotNull(s.Duration));
        Assert.Equal(StepOutcome.Failed, failed.Steps.Single(s => s.Name == "Switch to Green").Outcome);
        Assert.Equal(failed.Error, H.Store.Find(id)!.Error);
        Assert.Contains(H.Store.Logs(id), l => l.IsError && l.Text.Contains("stopped half-way", StringComparison.Ordinal));
        // Nothing was drained: Blue still serves, Green's READY landed.
        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "a1", "b1" }.Select(H.LoadBalancer.AdminOf));
        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "c1", "d1" }.Select(H.LoadBalancer.AdminOf));

        H.LoadBalancer.LostAfterCommands = null;
        await H.Engine.RollbackAsync(id, "alice", TestContext.Current.CancellationToken);
        var rolledBack = await H.WaitForAsync(id, DeploymentState.RolledBack);

        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "a1", "b1" }.Select(H.LoadBalancer.AdminOf));
        Assert.Equal([AdminState.Maint, AdminState.Maint], new[] { "c1", "d1" }.Select(H.LoadBalancer.AdminOf));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
        Assert.NotNull(rolledBack.TimeToRollback);
    }

    [Fact]
    public async Task LostMidRollback_FailsSayingRollBackAgain()
    {
        var deployed = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded);
        H.LoadBalancer.LostAfterCommands = H.LoadBalancer.Commands.Count + 1;

        await H.Engine.RollbackAsync(deployed.Id, "alice", TestContext.Current.CancellationToken);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        DeploymentRecord record;
        while ((record = H.Store.Find(deployed.Id)!).State is DeploymentState.RollingBack or DeploymentState.Succeeded && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(record.State is DeploymentState.Failed or DeploymentState.Interrupted, $"{record.State}: {record.Error}");
        Assert.Contains("The rollback to Blue stopped half-way on lb1:", record.Error);
        Assert.Contains("Roll back again", record.Error);
        Assert.All(record.Steps, s => Assert.NotNull(s.Duration));
    }
}
