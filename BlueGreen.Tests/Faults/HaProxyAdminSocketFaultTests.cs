using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Faults;

/// <summary>
/// Fault: the admin socket of one of two HAProxy processes disappears in the middle of a switch, while both keep
/// serving (<see cref="HaProxyFixture.KillAdminSocket"/>). The fake-load-balancer version of this is in
/// <c>Deployment/LoadBalancerLostTests</c>; this one runs the real parts, with an outside client on each front end.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class HaProxyAdminSocketFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task HaProxyAdminSocketLostMidSwitch_OneOfTwoLoadBalancers_StopsSafeSaysWhereAndServiceKeepsAnswering()
    {
        var token = TestContext.Current.CancellationToken;
        await using var lab = await FaultLab.StartAsync(new() { LoadBalancers = 2 }, token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(50), token);
        var id = lab.Deploy(approval: true).Id;
        await lab.WaitForAsync(id, DeploymentState.AwaitingApproval);

        lab.Engine.Approve(id, "alice", null);
        // READY goes to lb1, then lb2; then the switch waits for c1 to come UP everywhere: lb2's socket goes now.
        await lab.WaitForServerAsync(1, FaultLab.Green, s => s.Admin == AdminState.Ready, "READY", TimeSpan.FromSeconds(20), token);
        lab.HaProxies[1].KillAdminSocket();
        var failed = await lab.WaitForAsync(id, DeploymentState.Failed);
        var leftIn = await lab.AdminStatesAsync(token);

        lab.HaProxies[1].RestoreAdminSocket();
        await lab.Engine.RollbackAsync(id, "alice", token);
        var rolledBack = await lab.WaitForAsync(id, DeploymentState.RolledBack);
        var after = await lab.AdminStatesAsync(token);
        var totals = await FaultLab.StopClientsAsync(clients, token);
        output.WriteLine($"Error: {failed.Error}\nLeft in: {leftIn}\nAfter the rollback: {after}\n{string.Join("\n", totals)}\n{lab.Log(id)}");

        // Where it stopped and what to do.
        Assert.StartsWith($"The switch to Green stopped half-way on lb2: Cannot reach HAProxy's runtime API at '{lab.HaProxies[1].SocketPath}': the socket file does not exist.", failed.Error);
        Assert.Contains("When lb2 is back: Roll back (returns Blue and drains Green), or Mark resolved after checking.", failed.Error);
        Assert.Single(lab.Store.Logs(id), l => l.IsError && l.Text == failed.Error);
        Assert.Equal(StepOutcome.Failed, failed.Steps.Single(s => s.Name == "Switch to Green").Outcome);
        Assert.All(failed.Steps, s => Assert.NotNull(s.Duration));
        // Safe: nothing was drained anywhere; Blue serves on both load balancers beside Green.
        Assert.Equal("lb1 a1=Ready c1=Ready; lb2 a1=Ready c1=Ready", leftIn);
        // Once the socket is back, the rollback returns Blue alone.
        Assert.Equal("lb1 a1=Ready c1=Maint; lb2 a1=Ready c1=Maint", after);
        Assert.NotNull(rolledBack.TimeToRollback);
        // The service answered every request on both front ends, through the fault and the rollback.
        Assert.All(totals, t => Assert.True(t is { Failures: 0, NotSent: 0, InFlight: 0 }, t.ToString()));
        Assert.Contains(totals, t => t.Versions.ContainsKey(FaultLab.NewVersion));
    }
}
