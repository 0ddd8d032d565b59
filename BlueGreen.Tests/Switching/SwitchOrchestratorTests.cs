using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.Switching;

public class SwitchOrchestratorTests
{
    private readonly List<string> _log = [];
    private readonly SwitchOrchestrator _orchestrator = new(TimeProvider.System, NullLogger<SwitchOrchestrator>.Instance);

    private static FakeLoadBalancer BlueLive() => new(
        ("a1", AdminState.Ready), ("b1", AdminState.Ready), ("c1", AdminState.Maint), ("d1", AdminState.Maint));

    private SwitchPlan Plan(DrainEscalation escalation = DrainEscalation.ShutdownSessions, params FakeLoadBalancer[] lbs) => new()
    {
        LoadBalancers = lbs.Select((lb, i) => new SwitchTarget($"lb{i + 1}", lb)).ToList(),
        Incoming = ["c1", "d1"],
        Outgoing = ["a1", "b1"],
        UpTimeout = TimeSpan.FromSeconds(2),
        DrainTimeout = TimeSpan.FromMilliseconds(300),
        Escalation = escalation,
        PollInterval = TimeSpan.FromMilliseconds(5),
    };

    private ValueTask Log(string line)
    {
        lock (_log)
        {
            _log.Add(line);
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Switch_BlueToGreen_OrderIsReadyThenDrainThenMaint()
    {
        var lb = BlueLive();
        lb.SetSessions("a1", 3);

        var audits = await _orchestrator.SwitchAsync(Plan(lbs: lb), Log, TestContext.Current.CancellationToken);

        Assert.Equal(["c1:Ready", "d1:Ready", "a1:Drain", "b1:Drain", "a1:Maint", "b1:Maint"], lb.Commands);
        Assert.Equal("drained", Assert.Single(audits).DrainOutcome);
    }

    [Fact]
    public async Task Switch_Always_NeverZeroRoutableServers()
    {
        var lb = BlueLive();

        await _orchestrator.SwitchAsync(Plan(lbs: lb), Log, TestContext.Current.CancellationToken);

        Assert.All(lb.RoutableAfterCommand, count => Assert.True(count > 0));
        Assert.Equal(AdminState.Ready, lb.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("a1"));
    }

    [Fact]
    public async Task Switch_IncomingNeverUp_PutsThemBackAndKeepsBlue()
    {
        var lb = BlueLive();
        lb.Unhealthy.Add("d1");

        var error = await Assert.ThrowsAsync<SwitchException>(() => _orchestrator.SwitchAsync(Plan(lbs: lb), Log, TestContext.Current.CancellationToken));

        Assert.False(error.TrafficMoved);
        Assert.Contains("c1, d1 did not pass HAProxy's health checks", error.Message);
        Assert.Equal(AdminState.Maint, lb.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("d1"));
        Assert.Equal(AdminState.Ready, lb.AdminOf("a1"));
        Assert.DoesNotContain(lb.Commands, c => c.StartsWith("a1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_SessionsStuckWithShutdownSessions_ClosesThemAndFinishes()
    {
        var lb = BlueLive();
        lb.SetSessions("a1", 5);
        lb.StuckSessions = true;

        var audits = await _orchestrator.SwitchAsync(Plan(DrainEscalation.ShutdownSessions, lb), Log, TestContext.Current.CancellationToken);

        Assert.Contains("a1:shutdown-sessions", lb.Commands);
        Assert.Equal("shutdown-sessions", audits[0].DrainOutcome);
        Assert.Equal(AdminState.Maint, lb.AdminOf("a1"));
        Assert.Contains(_log, l => l.Contains("escalation: ShutdownSessions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_SessionsStuckWithAbort_RestoresBlue()
    {
        var lb = BlueLive();
        lb.SetSessions("b1", 5);
        lb.StuckSessions = true;

        var error = await Assert.ThrowsAsync<SwitchException>(() => _orchestrator.SwitchAsync(Plan(DrainEscalation.Abort, lb), Log, TestContext.Current.CancellationToken));

        Assert.False(error.TrafficMoved);
        Assert.Equal(AdminState.Ready, lb.AdminOf("a1"));
        Assert.Equal(AdminState.Ready, lb.AdminOf("b1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("c1"));
        Assert.All(lb.RoutableAfterCommand, count => Assert.True(count > 0));
    }

    [Fact]
    public async Task Switch_TwoLoadBalancers_EachPhaseFinishesEverywhereFirst()
    {
        var lb1 = BlueLive();
        var lb2 = BlueLive();
        lb2.Unhealthy.Add("c1");

        await Assert.ThrowsAsync<SwitchException>(() => _orchestrator.SwitchAsync(Plan(lbs: [lb1, lb2]), Log, TestContext.Current.CancellationToken));

        // Green never came up on lb2, so no load balancer drained blue.
        Assert.DoesNotContain(lb1.Commands, c => c.EndsWith(":Drain", StringComparison.Ordinal));
        Assert.Equal(AdminState.Ready, lb1.AdminOf("a1"));
        Assert.Equal(AdminState.Maint, lb1.AdminOf("c1"));
    }

    [Fact]
    public async Task Switch_Counters_AuditHasDeltas()
    {
        var lb = BlueLive();
        lb.Http5xxPerRead = 1;

        var audit = (await _orchestrator.SwitchAsync(Plan(lbs: lb), Log, TestContext.Current.CancellationToken))[0];

        Assert.True(audit.Http5xx > 0);
        Assert.Equal(audit.Http5xx, audit.Lost);
    }
}
