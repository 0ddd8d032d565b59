using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;

namespace BlueGreen.Tests.Deployment;

public sealed class DeploymentEngineTests : EngineTestBase
{
    [Fact]
    public async Task Deploy_BlueGreen_GreenLiveBlueStandbyOnOldVersion()
    {
        var record = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded);

        Assert.Equal(SiteGroup.Blue, record.FromGroup);
        Assert.Equal(SiteGroup.Green, record.ToGroup);
        Assert.Equal("1.0.0", record.PreviousVersion);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal("1.0.0", H.Servers.VersionOf("a1"));
        Assert.Equal("2.0.0", H.Servers.VersionOf("d1"));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
        Assert.Equal(
            [DeploymentState.PreparingIdle, DeploymentState.Updating, DeploymentState.SmokeTesting, DeploymentState.Switching, DeploymentState.Watching, DeploymentState.Succeeded],
            record.Transitions.Select(t => t.To));
        Assert.Single(record.SwitchAudits);
        var events = H.Store.EventsOf(record.Id).Select(e => e.Kind).ToList();
        Assert.Equal([DeploymentEventKind.Started, DeploymentEventKind.IdleDrained, DeploymentEventKind.UpdateDone, DeploymentEventKind.SmokePassed, DeploymentEventKind.Switched, DeploymentEventKind.Finished], events);
    }

    [Fact]
    public async Task Deploy_BrokenVersion_SmokeFailsNothingSwitched()
    {
        var record = await H.WaitForAsync(H.Deploy("3.0.0-broken").Id, DeploymentState.Failed);

        Assert.Contains("Smoke tests failed on Green", record.Error);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
        Assert.DoesNotContain(H.LoadBalancer.Commands, c => c.StartsWith("a1", StringComparison.Ordinal));
        Assert.Contains(record.SmokeResults, r => !r.Passed && r.Status == 500);
    }

    [Fact]
    public async Task Deploy_StepFails_FailsBeforeAnySwitch()
    {
        H.Steps.FailOn.Add("d1");

        var record = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Failed);

        Assert.Contains("Updating site D failed", record.Error);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("b1"));
        Assert.Contains(H.Store.Logs(record.Id), l => l.Server == "d1" && l.IsError);
    }

    [Fact]
    public async Task Deploy_WithApproval_WaitsThenPromoteSwitches()
    {
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        // Evidence: the front end read while waiting, still served by Blue's 1.0.0.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (H.Store.Find(id)!.FrontEnd.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        var reading = Assert.Single(H.Store.Find(id)!.FrontEnd);
        Assert.Equal(("lb1", 10, 0), (reading.LoadBalancer, reading.Requests, reading.Errors));
        Assert.Equal(["1.0.0"], reading.Versions);
        Assert.InRange(reading.P50Ms, 0, reading.MaxMs);

        H.Engine.Approve(id, "alice", "looks good");
        var record = await H.WaitForAsync(id, DeploymentState.Succeeded);

        Assert.Equal("alice", record.Approval!.By);
        Assert.Equal("looks good", record.Approval.Note);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("c1"));
    }

    [Fact]
    public async Task Deploy_WithApproval_AbortKeepsBlue()
    {
        var id = H.Deploy("2.0.0", approval: true).Id;
        await H.WaitForAsync(id, DeploymentState.AwaitingApproval);

        H.Engine.Abort(id, "bob", "not today");
        var record = await H.WaitForAsync(id, DeploymentState.Aborted);

        Assert.Contains("bob", record.Error);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
    }

    [Fact]
    public async Task Start_WhileAnotherRuns_RefusedWithRunningId()
    {
        var first = H.Deploy("2.0.0", approval: true);
        await H.WaitForAsync(first.Id, DeploymentState.AwaitingApproval);

        var error = Assert.Throws<DeploymentRejectedException>(() => H.Deploy("2.0.1"));

        Assert.Equal(DeploymentRejection.Conflict, error.Kind);
        Assert.Equal(first.Id, error.RunningId);
        Assert.Contains(first.Id, error.Message);
    }

    [Theory]
    [InlineData("1.0;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("")]
    public void Start_HostileVersion_RefusedNamingTheField(string version)
    {
        var error = Assert.Throws<DeploymentRejectedException>(() => H.Deploy(version));

        Assert.Equal(DeploymentRejection.Invalid, error.Kind);
        Assert.Equal("version", error.Field);
        Assert.Empty(H.Steps.Installed);
    }

    [Fact]
    public async Task Watch_ErrorsOnNewGroup_RollsBackAutomatically()
    {
        H.LoadBalancer.Http5xxPerRead = 3;

        var record = await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.RolledBack);

        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
        Assert.NotNull(record.TimeToDetect);
        Assert.NotNull(record.TimeToRollback);
        Assert.Equal([SwitchKind.Switch, SwitchKind.Rollback], record.SwitchAudits.Select(a => a.Kind));
        Assert.All(H.LoadBalancer.RoutableAfterCommand, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task Rollback_AfterSuccess_BlueLiveAgain()
    {
        var id = (await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded)).Id;

        await H.Engine.RollbackAsync(id, "carol", TestContext.Current.CancellationToken);
        var record = await H.WaitForAsync(id, DeploymentState.RolledBack);

        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, H.LoadBalancer.AdminOf("c1"));
        Assert.Contains(record.Warnings, w => w.Contains("carol", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rollback_StandbyNoLongerOnPreviousVersion_Refused()
    {
        var id = (await H.WaitForAsync(H.Deploy("2.0.0").Id, DeploymentState.Succeeded)).Id;
        H.Servers.SetVersion("a1", "9.9.9");
        var commands = H.LoadBalancer.Commands.Count;

        var error = await Assert.ThrowsAsync<DeploymentRejectedException>(() => H.Engine.RollbackAsync(id, "carol", TestContext.Current.CancellationToken));

        Assert.Equal(DeploymentRejection.Conflict, error.Kind);
        Assert.Contains("a1 runs 9.9.9", error.Message);
        // Refused before anything changed: the release stays a success, no command reached the load balancer.
        var record = H.Store.Find(id)!;
        Assert.Equal(DeploymentState.Succeeded, record.State);
        Assert.Null(record.Error);
        Assert.Equal(commands, H.LoadBalancer.Commands.Count);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("c1"));
        var refusal = Assert.Single(H.Store.EventsOf(id), e => e.Kind == DeploymentEventKind.RollbackRefused);
        Assert.Contains("a1 runs 9.9.9", refusal.Message);
    }

    [Fact]
    public async Task Deploy_TwoPhase_AllSitesOnNewVersionBothLive()
    {
        var record = await H.WaitForAsync(H.Deploy("2.0.0", DeploymentStrategy.TwoPhase).Id, DeploymentState.Succeeded);

        Assert.All(["a1", "b1", "c1", "d1"], s => Assert.Equal("2.0.0", H.Servers.VersionOf(s)));
        Assert.All(["a1", "b1", "c1", "d1"], s => Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf(s)));
        Assert.Contains(DeploymentState.UpdatingRest, record.Transitions.Select(t => t.To));
    }

    [Fact]
    public async Task Restart_MidDeployment_MarkedInterruptedNotResumed()
    {
        var gate = new TaskCompletionSource();
        H.Steps.Gate = gate;
        var id = H.Deploy("2.0.0").Id;
        await H.WaitForAsync(id, DeploymentState.Updating);

        // The process dies: the engine is gone without a clean stop, a new one starts on the same database.
        H.Restart();
        await H.Engine.StartAsync(TestContext.Current.CancellationToken);
        gate.SetResult();

        var record = H.Store.Find(id)!;
        Assert.Equal(DeploymentState.Interrupted, record.State);
        Assert.Equal(DeploymentState.Updating, record.InterruptedIn);
        Assert.Equal(AdminState.Ready, H.LoadBalancer.AdminOf("a1"));

        await H.Engine.MarkResolvedAsync(id, "dave", "checked by hand", TestContext.Current.CancellationToken);
        Assert.Equal(DeploymentState.Resolved, H.Store.Find(id)!.State);
    }
}
