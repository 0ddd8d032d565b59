using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.Switching;

public class SwitchOrchestratorTests
{
    private readonly List<string> _log = [];
    private readonly List<string> _errorLines = [];
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

    private ValueTask Log(string line, bool isError)
    {
        lock (_log)
        {
            _log.Add(line);
            if (isError)
            {
                _errorLines.Add(line);
            }
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
        Assert.Equal(DrainOutcome.Drained, Assert.Single(audits).DrainOutcome);
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
        Assert.Equal(DrainOutcome.ShutdownSessions, audits[0].DrainOutcome);
        Assert.Equal(AdminState.Maint, lb.AdminOf("a1"));
        Assert.Contains(_log, l => l.Contains("escalation ShutdownSessions", StringComparison.Ordinal));
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

    [Fact]
    public async Task Switch_BackendQueueNotEmpty_WaitsForItBeforeMaint()
    {
        var lb = BlueLive();
        lb.BackendQueue = 5;

        var audits = await _orchestrator.SwitchAsync(Plan(lbs: lb), Log, TestContext.Current.CancellationToken);

        // The fake drains one queued request per read: maint came only once the queue was empty.
        Assert.Equal(0, lb.BackendQueue);
        Assert.Equal(DrainOutcome.Drained, audits[0].DrainOutcome);
        Assert.Equal(AdminState.Maint, lb.AdminOf("a1"));
    }

    [Fact]
    public async Task TakeOut_SessionsOutliveTheTimeout_EscalationIsLoggedAsTrouble()
    {
        var lb = BlueLive();
        lb.SetSessions("a1", 5);
        lb.StuckSessions = true;
        var plan = Plan(DrainEscalation.ShutdownSessions, lb) with { Kind = SwitchKind.TakeOut, Incoming = [], Outgoing = ["a1"] };

        var outcome = await _orchestrator.TakeOutAsync(plan, Log, TestContext.Current.CancellationToken);

        Assert.Equal(DrainOutcome.ShutdownSessions, outcome);
        Assert.Equal(["a1:Drain", "a1:shutdown-sessions", "a1:Maint"], lb.Commands);
        Assert.Contains(Errors, l => l.Contains("5 sessions or queued requests still on a1", StringComparison.Ordinal) && l.Contains("escalation ShutdownSessions", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TakeOut_AlreadyInMaintenance_SendsNothing()
    {
        var lb = BlueLive();
        var plan = Plan(lbs: lb) with { Kind = SwitchKind.TakeOut, Incoming = [], Outgoing = ["c1", "d1"] };

        var outcome = await _orchestrator.TakeOutAsync(plan, Log, TestContext.Current.CancellationToken);

        Assert.Equal(DrainOutcome.None, outcome);
        Assert.Empty(lb.Commands);
    }

    [Fact]
    public async Task TakeOut_LastServingServers_RefusedBeforeAnyCommand()
    {
        var lb = BlueLive();
        var plan = Plan(lbs: lb) with { Kind = SwitchKind.TakeOut, Incoming = [], Outgoing = ["a1", "b1"] };

        var error = await Assert.ThrowsAsync<SwitchException>(() => _orchestrator.TakeOutAsync(plan, Log, TestContext.Current.CancellationToken));

        Assert.Contains("no other server is READY and UP", error.Message);
        Assert.Empty(lb.Commands);
    }

    [Fact]
    public async Task BringIn_NeverUp_BackInMaintenanceAndSaysSo()
    {
        var lb = BlueLive();
        lb.Unhealthy.Add("c1");
        var plan = Plan(lbs: lb) with { Kind = SwitchKind.BringIn, Outgoing = [], UpTimeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<SwitchException>(() => _orchestrator.BringInAsync(plan, Log, TestContext.Current.CancellationToken));

        Assert.False(error.TrafficMoved);
        Assert.Equal(AdminState.Maint, lb.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("d1"));
        Assert.Contains(Errors, l => l.Contains("did not come UP", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_DrainWaitingOnAndCancelled_RestoreReturnsTheOutgoingServers()
    {
        var lb = BlueLive();
        lb.SetSessions("a1", 5);
        lb.StuckSessions = true;
        var plan = Plan(DrainEscalation.Wait, lb);
        using var abort = new CancellationTokenSource();

        var switching = _orchestrator.SwitchAsync(plan, Log, abort.Token);
        await WaitForAsync(() => Errors.Any(l => l.Contains("escalation Wait", StringComparison.Ordinal)));
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => switching);
        Assert.Equal(AdminState.Drain, lb.AdminOf("a1"));
        lb.StuckSessions = false;
        await _orchestrator.RestoreAsync(plan, Log, TestContext.Current.CancellationToken);

        Assert.Equal(AdminState.Ready, lb.AdminOf("a1"));
        Assert.Equal(AdminState.Ready, lb.AdminOf("b1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("c1"));
        Assert.Equal(AdminState.Maint, lb.AdminOf("d1"));
        Assert.All(lb.RoutableAfterCommand, count => Assert.True(count > 0));
        // The incoming servers left the zero-loss way: drained before maintenance.
        Assert.True(lb.Commands.IndexOf("c1:Drain") < lb.Commands.LastIndexOf("c1:Maint"));
    }

    private List<string> Errors
    {
        get
        {
            lock (_log)
            {
                return [.. _errorLines];
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
