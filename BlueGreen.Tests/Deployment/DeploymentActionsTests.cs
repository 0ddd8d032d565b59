using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// Operator actions on the real engine (fake load balancer, real HTTP servers, LiteDB): what the rules refuse is
/// refused before anything changes, two actions at once cannot both pass, and an abort during the switch puts
/// traffic back.
/// </summary>
public sealed class DeploymentActionsTests : EngineTestBase
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rollback_BrokenVersionThatFailedItsSmokeTests_RefusedAndStaysFailed()
    {
        var failed = await H.WaitForAsync(H.Deploy("3.0.0-broken").Id, DeploymentState.Failed);
        var commands = H.LoadBalancer.Commands.Count;

        var error = await Assert.ThrowsAsync<DeploymentRejectedException>(() => H.Engine.RollbackAsync(failed.Id, "carol", Ct));

        Assert.Equal(DeploymentRejection.Conflict, error.Kind);
        Assert.Contains("never switched traffic", error.Message);
        var after = H.Store.Find(failed.Id)!;
        Assert.Equal(DeploymentState.Failed, after.State);
        Assert.Equal(failed.Transitions.Count, after.Transitions.Count);
        Assert.Equal(commands, H.LoadBalancer.Commands.Count);
        Assert.Equal([DeploymentAction.Resolve], after.AllowedActions);
        Assert.Contains(H.Store.EventsOf(failed.Id), e => e.Kind == DeploymentEventKind.RollbackRefused);
        Assert.Contains(H.Store.Logs(failed.Id), l => l.IsError && l.Text.StartsWith("Rollback refused:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_OlderSuccessfulRelease_RefusedAndStaysSucceeded()
    {
        var first = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded);
        var second = await H.WaitForAsync(H.Deploy("3.0.0").Id, DeploymentState.Succeeded);

        var error = await Assert.ThrowsAsync<DeploymentRejectedException>(() => H.Engine.RollbackAsync(first.Id, "carol", Ct));

        Assert.Contains($"({second.Id} is)", error.Message);
        Assert.Equal(DeploymentState.Succeeded, H.Store.Find(first.Id)!.State);
        Assert.Null(H.Store.Find(first.Id)!.Error);
        Assert.Empty(H.Store.Find(first.Id)!.AllowedActions);
        Assert.Equal([DeploymentAction.Rollback], H.Store.Find(second.Id)!.AllowedActions);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
    }

    [Fact]
    public async Task Rollback_TwoAtOnce_OnlyOneRuns()
    {
        var id = (await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded)).Id;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await H.Engine.RollbackAsync(id, "carol", Ct)).State.ToString();
            }
            catch (DeploymentRejectedException ex)
            {
                return ex.Message;
            }
        }, Ct)));
        var record = await H.WaitForAsync(id, DeploymentState.RolledBack);

        Assert.Single(attempts, a => a == nameof(DeploymentState.RollingBack));
        // The other was refused, naming the deployment (whether it came in while the first held the environment or after).
        Assert.Single(attempts, a => a != nameof(DeploymentState.RollingBack) && a.Contains(id, StringComparison.Ordinal));
        Assert.Equal([SwitchKind.Switch, SwitchKind.Rollback], record.SwitchAudits.Select(a => a.Kind));
        Assert.Single(record.Transitions, t => t.To == DeploymentState.RollingBack);
    }

    [Fact]
    public async Task Rollback_AfterSuccess_ShownAsSuccessNotAsError()
    {
        var id = (await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded)).Id;

        var accepted = await H.Engine.RollbackAsync(id, "carol", Ct);
        var record = await H.WaitForAsync(id, DeploymentState.RolledBack);

        // What the call answers is what pages see: rolling back, nothing more to allow.
        Assert.Equal(DeploymentState.RollingBack, accepted.State);
        Assert.Empty(accepted.AllowedActions);
        Assert.Null(record.Error);
        Assert.Contains("Rolled back by an operator", record.Summary);
        Assert.Empty(record.AllowedActions);
    }

    [Fact]
    public async Task Abort_WhileTheDrainWaitsOn_OutgoingServersServeAgain()
    {
        H.Environment.Deployment.DrainEscalation = DrainEscalation.Wait;
        H.Environment.Deployment.DrainTimeout = TimeSpan.FromMilliseconds(300);
        H.LoadBalancer.SetSessions("a1", 5);
        H.LoadBalancer.StuckSessions = true;
        var id = H.Deploy("2.0.0").Id;
        await WaitForLogAsync(id, "escalation Wait");
        Assert.Equal(DeploymentState.Switching, H.Store.Find(id)!.State);
        Assert.Contains(DeploymentAction.Abort, H.Store.Find(id)!.AllowedActions);

        H.Engine.Abort(id, "bob", "stuck session");
        H.LoadBalancer.StuckSessions = false;
        var record = await H.WaitForAsync(id, DeploymentState.Aborted);

        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "a1", "b1" }.Select(H.LoadBalancer.AdminOf));
        Assert.Equal([AdminState.Maint, AdminState.Maint], new[] { "c1", "d1" }.Select(H.LoadBalancer.AdminOf));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
        Assert.Contains("during the switch", record.Error);
        Assert.Contains("bob", record.Error);
        Assert.Null(record.SwitchedAt);
        // Nothing of this deployment is live: the environment has nothing to roll back.
        Assert.Null(H.Store.LatestSwitchedId("prod"));
    }

    [Fact]
    public void Start_RequestTurnsOffTheRequiredApproval_RefusedNamingTheField()
    {
        H.Environment.Deployment.RequireApproval = true;

        var error = Assert.Throws<DeploymentRejectedException>(() => H.Deploy("2.0.0", approval: false));

        Assert.Equal(DeploymentRejection.Invalid, error.Kind);
        Assert.Equal("requireApproval", error.Field);
        Assert.Empty(H.Store.List());
    }

    [Fact]
    public async Task Approve_Twice_TheSecondIsRefusedAndTheFirstApproverStays()
    {
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);

        H.Engine.Approve(id, "alice", null);
        var error = Assert.Throws<DeploymentRejectedException>(() => H.Engine.Approve(id, "mallory", null));
        var record = await H.WaitForAsync(id, DeploymentState.Succeeded);

        Assert.Equal(DeploymentRejection.Conflict, error.Kind);
        Assert.Equal("alice", record.Approval!.By);
    }

    [Fact]
    public async Task Approve_RequireDistinctApprover_TheStarterIsRefusedAnotherPersonPromotes()
    {
        H.Environment.Deployment.RequireDistinctApprover = true;
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);

        // H.Deploy starts as "test"; the name is compared without case.
        var error = Assert.Throws<DeploymentRejectedException>(() => H.Engine.Approve(id, "TEST", null));
        Assert.Equal(DeploymentRejection.Conflict, error.Kind);
        Assert.Contains("requires a different person to approve", error.Message, StringComparison.Ordinal);
        Assert.Equal(DeploymentState.AwaitingApproval, H.Store.Find(id)!.State);

        H.Engine.Approve(id, "alice", null);
        var record = await H.WaitForAsync(id, DeploymentState.Succeeded);
        Assert.Equal(("test", "alice"), (record.RequestedBy, record.Approval!.By));
    }

    [Fact]
    public async Task Abort_RightAfterPromote_TheSwitchDoesNotHappen()
    {
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);

        H.Engine.Approve(id, "alice", null);
        H.Engine.Abort(id, "bob", "changed my mind");
        var record = await H.WaitForAsync(id, DeploymentState.Aborted);

        Assert.Contains("bob", record.Error);
        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "a1", "b1" }.Select(H.LoadBalancer.AdminOf));
        Assert.Equal([AdminState.Maint, AdminState.Maint], new[] { "c1", "d1" }.Select(H.LoadBalancer.AdminOf));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
        Assert.Null(record.SwitchedAt);
    }

    [Fact]
    public async Task Abort_RestoreLosesTheLoadBalancer_FailsSayingWhatToDoAndStaysRollbackable()
    {
        H.Environment.Deployment.DrainEscalation = DrainEscalation.Wait;
        H.Environment.Deployment.DrainTimeout = TimeSpan.FromMilliseconds(300);
        H.LoadBalancer.SetSessions("a1", 5);
        H.LoadBalancer.StuckSessions = true;
        var id = H.Deploy("2.0.0").Id;
        await WaitForLogAsync(id, "escalation Wait");

        H.LoadBalancer.LostAfterCommands = H.LoadBalancer.Commands.Count;
        H.Engine.Abort(id, "bob", null);
        var record = await H.WaitForAsync(id, DeploymentState.Failed);

        Assert.Contains("The abort could not put a1, b1 back in service", record.Error);
        Assert.Contains("Roll back", record.Error);
        Assert.All(record.Steps, step => Assert.NotEqual(StepOutcome.Running, step.Outcome));
        Assert.NotNull(record.SwitchedAt);
        Assert.Contains(DeploymentAction.Rollback, record.AllowedActions);
    }

    [Fact]
    public async Task Rollback_DrainEscalationAbort_TheRollbackStillFinishes()
    {
        // A rollback that undid itself on a stuck session would send traffic back to the bad release.
        H.Environment.Deployment.DrainEscalation = DrainEscalation.Abort;
        H.Environment.Deployment.DrainTimeout = TimeSpan.FromMilliseconds(300);
        H.LoadBalancer.SetSessions("c1", 5);
        H.LoadBalancer.StuckSessions = true;
        H.LoadBalancer.Http5xxPerRead = 3;

        var record = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.RolledBack);

        Assert.Equal([AdminState.Ready, AdminState.Ready], new[] { "a1", "b1" }.Select(H.LoadBalancer.AdminOf));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
        Assert.Contains("c1:shutdown-sessions", H.LoadBalancer.Commands);
        Assert.Equal(DrainOutcome.ShutdownSessions, record.SwitchAudits.Single(a => a.Kind == SwitchKind.Rollback).DrainOutcome);
    }

    [Fact]
    public async Task Start_ReturnedRecord_IsNeverChangedByTheRunningDeployment()
    {
        var started = H.Deploy("2.0.0");
        var running = await H.WaitForAsync(started.Id, DeploymentState.Watching);

        var transitionsWhileWatching = running.Transitions.Count;
        var stepsWhileWatching = running.Steps.Count;

        var done = await H.WaitForAsync(started.Id, DeploymentState.Succeeded);

        // What the engine and the store handed out are snapshots: later steps made new records, they did not change these.
        Assert.Equal(DeploymentState.Pending, started.State);
        Assert.Empty(started.Steps);
        Assert.Empty(started.Transitions);
        Assert.Equal(DeploymentState.Watching, running.State);
        Assert.Equal(transitionsWhileWatching, running.Transitions.Count);
        Assert.Equal(stepsWhileWatching, running.Steps.Count);
        Assert.True(done.Transitions.Count > transitionsWhileWatching);
    }

    private async Task WaitForLogAsync(string id, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!H.Store.Logs(id).Any(l => l.Text.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No log line with '{text}' within 30 s. State {H.Store.Find(id)?.State}.");
            await Task.Delay(25, Ct);
        }
    }
}
