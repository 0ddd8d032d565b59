using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Switching;

/// <summary>
/// The one choreography of server states, phase by phase across every load balancer of the environment. Bringing
/// servers in: <c>ready</c> → wait until HAProxy reports them UP. Taking servers out: (guard) <c>drain</c> → wait until
/// their sessions, their queues and the backend queue reach 0 (timeout → the plan's escalation, logged) → (guard)
/// <c>maint</c>. A switch is the first followed by the second. Each phase finishes on every load balancer before the
/// next starts, so if the incoming servers never come UP anywhere, nothing has moved anywhere. Singleton; stateless.
/// </summary>
public sealed partial class SwitchOrchestrator(TimeProvider timeProvider, ILogger<SwitchOrchestrator> logger)
{
    /// <summary>Moves traffic from the plan's outgoing to its incoming servers. Returns one audit per load balancer
    /// (counter deltas over the switch window). Throws <see cref="SwitchException"/> when it stops; the message says
    /// what state it left. Cancelled, it stops where it is: call <see cref="RestoreAsync"/> to undo.</summary>
    public async Task<IReadOnlyList<SwitchAudit>> SwitchAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        var started = timeProvider.GetUtcNow();
        var before = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
        await BringInAsync(plan, log, cancellationToken).ConfigureAwait(false);
        var outcome = await TakeOutCoreAsync(plan, log, cancellationToken).ConfigureAwait(false);
        await log($"{Name(plan)}: {Join(plan.Incoming)} serve", false).ConfigureAwait(false);
        var after = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
        var finished = timeProvider.GetUtcNow();
        return plan.LoadBalancers.Select(lb => Audit(lb.Name, plan.Kind, before[lb.Name], after[lb.Name], started, finished, outcome)).ToList();
    }

    /// <summary>
    /// Returns the plan's incoming servers to service everywhere and waits until HAProxy reports them UP. If they do
    /// not come UP within the plan's up timeout they go back to maintenance and <see cref="SwitchException"/> says so
    /// (nothing moved).
    /// </summary>
    public async Task BringInAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        if (plan.Incoming.Count == 0)
        {
            return;
        }
        await log($"{Name(plan)}: setting {Join(plan.Incoming)} READY on {Join(plan.LoadBalancers.Select(l => l.Name))}", false).ConfigureAwait(false);
        await SetAllAsync(plan, plan.Incoming, AdminState.Ready, cancellationToken).ConfigureAwait(false);
        if (!await WaitUntilAsync(plan, plan.UpTimeout, state => AllUp(state, plan.Incoming), cancellationToken).ConfigureAwait(false))
        {
            await log($"{Name(plan)}: {Join(plan.Incoming)} did not come UP within {plan.UpTimeout.TotalSeconds:0} s; putting them back in maintenance", true).ConfigureAwait(false);
            await SetAllAsync(plan, plan.Incoming, AdminState.Maint, CancellationToken.None).ConfigureAwait(false);
            throw new SwitchException(
                $"The {Name(plan)} stopped: {Join(plan.Incoming)} did not pass HAProxy's health checks within {plan.UpTimeout.TotalSeconds:0} s. " +
                $"They are back in maintenance{(plan.Outgoing.Count > 0 ? $" and {Join(plan.Outgoing)} still serve" : "")}; nothing was switched. Check the servers' /health.",
                trafficMoved: false);
        }
        await log($"{Name(plan)}: {Join(plan.Incoming)} are UP", false).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the plan's outgoing servers out of service everywhere: guard, drain, wait for their sessions and queues
    /// to reach 0 (escalating as the plan says when that takes longer than its drain timeout, each time in the log),
    /// guard, maintenance. Servers already in maintenance on every load balancer are left alone.
    /// </summary>
    public Task<DrainOutcome> TakeOutAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        return TakeOutCoreAsync(plan, log, cancellationToken);
    }

    /// <summary>
    /// Undoes a switch an operator stopped: the plan's outgoing servers take traffic again (READY, UP), then its
    /// incoming ones leave service the zero-loss way (drain, then maintenance; sessions still open after the drain
    /// timeout are closed). If the outgoing servers do not come UP, the incoming ones keep serving and
    /// <see cref="SwitchException"/> says so.
    /// </summary>
    public async Task RestoreAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var reverse = plan with
        {
            Incoming = plan.Outgoing,
            Outgoing = plan.Incoming,
            Kind = SwitchKind.Abort,
            Escalation = DrainEscalation.ShutdownSessions,
        };
        await BringInAsync(reverse, log, cancellationToken).ConfigureAwait(false);
        await TakeOutCoreAsync(reverse, log, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DrainOutcome> TakeOutCoreAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        var states = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
        var servers = plan.Outgoing.Where(name => states.Values.Any(s => s.Servers.Any(v => v.Name == name && v.Admin != AdminState.Maint))).ToList();
        if (servers.Count == 0)
        {
            if (plan.Outgoing.Count > 0)
            {
                await log($"{Name(plan)}: {Join(plan.Outgoing)} already in maintenance", false).ConfigureAwait(false);
            }
            return DrainOutcome.None;
        }
        var outgoing = plan with { Outgoing = servers };
        // Before the drain the outgoing servers still take traffic; after it, only the others do.
        Guard(outgoing, states, trafficMoved: false);
        await log($"{Name(plan)}: draining {Join(servers)}", false).ConfigureAwait(false);
        await SetAllAsync(outgoing, servers, AdminState.Drain, cancellationToken).ConfigureAwait(false);
        var outcome = await DrainAsync(outgoing, log, cancellationToken).ConfigureAwait(false);
        Guard(outgoing, await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false), trafficMoved: true);
        await SetAllAsync(outgoing, servers, AdminState.Maint, cancellationToken).ConfigureAwait(false);
        await log($"{Name(plan)}: {Join(servers)} in maintenance", false).ConfigureAwait(false);
        return outcome;
    }

    private async Task<DrainOutcome> DrainAsync(SwitchPlan plan, SwitchLog log, CancellationToken cancellationToken)
    {
        var rounds = 0;
        while (true)
        {
            if (await WaitUntilAsync(plan, plan.DrainTimeout, state => Drained(state, plan.Outgoing), cancellationToken).ConfigureAwait(false))
            {
                return rounds == 0 ? DrainOutcome.Drained : DrainOutcome.DrainedLate;
            }
            rounds++;
            var remaining = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
            var sessions = remaining.Values.Sum(s => s.Servers.Where(v => plan.Outgoing.Contains(v.Name)).Sum(v => v.CurrentSessions + v.QueuedRequests) + s.BackendQueue);
            var waited = rounds * plan.DrainTimeout.TotalSeconds;
            LogDrainTimeout(plan.Kind, sessions, waited, plan.Escalation);
            switch (plan.Escalation)
            {
                case DrainEscalation.Wait:
                    await log($"{Name(plan)}: {sessions} sessions or queued requests still on {Join(plan.Outgoing)} after {waited:0} s; waiting on (escalation Wait; Abort stops it)", true).ConfigureAwait(false);
                    continue;
                case DrainEscalation.ShutdownSessions:
                    await log($"{Name(plan)}: {sessions} sessions or queued requests still on {Join(plan.Outgoing)} after {waited:0} s; closing them (escalation ShutdownSessions)", true).ConfigureAwait(false);
                    foreach (var lb in plan.LoadBalancers)
                    {
                        if (lb.Control is ISessionControl sessionControl)
                        {
                            foreach (var server in plan.Outgoing)
                            {
                                await OnAsync(lb, _ => sessionControl.ShutdownSessionsAsync(server, cancellationToken)).ConfigureAwait(false);
                            }
                        }
                    }
                    return DrainOutcome.ShutdownSessions;
                default:
                    await log($"{Name(plan)}: {sessions} sessions or queued requests still on {Join(plan.Outgoing)} after {waited:0} s; undoing it (escalation Abort)", true).ConfigureAwait(false);
                    await RestoreAsync(plan, log, CancellationToken.None).ConfigureAwait(false);
                    throw new SwitchException(
                        $"The {Name(plan)} was undone: {sessions} sessions on {Join(plan.Outgoing)} did not end within {plan.DrainTimeout.TotalSeconds:0} s (escalation Abort). " +
                        $"{Join(plan.Outgoing)} serve again{(plan.Incoming.Count > 0 ? $" and {Join(plan.Incoming)} are back in maintenance" : "")}.",
                        trafficMoved: false);
            }
        }
    }

    private static void Guard(SwitchPlan plan, Dictionary<string, LoadBalancerState> states, bool trafficMoved)
    {
        foreach (var lb in plan.LoadBalancers)
        {
            ServingGuard.EnsureStillServing(lb.Name, states[lb.Name], plan.Outgoing, trafficMoved);
        }
    }

    /// <summary>Polls every load balancer until <paramref name="done"/> holds on all of them, or the timeout.</summary>
    private async Task<bool> WaitUntilAsync(SwitchPlan plan, TimeSpan timeout, Func<LoadBalancerState, bool> done, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (true)
        {
            var states = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
            if (states.Values.All(done))
            {
                return true;
            }
            if (timeProvider.GetUtcNow() >= deadline)
            {
                return false;
            }
            await Task.Delay(plan.PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<Dictionary<string, LoadBalancerState>> ReadAllAsync(SwitchPlan plan, CancellationToken cancellationToken)
        => ReadAllAsync(plan.LoadBalancers, cancellationToken);

    /// <summary>Reads every one of <paramref name="loadBalancers"/> at once; the states by load balancer name.</summary>
    public static async Task<Dictionary<string, LoadBalancerState>> ReadAllAsync(IReadOnlyList<SwitchTarget> loadBalancers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loadBalancers);
        var reads = await Task.WhenAll(loadBalancers.Select(lb => OnAsync(lb, c => c.ReadStateAsync(cancellationToken)))).ConfigureAwait(false);
        return loadBalancers.Select((lb, i) => (lb.Name, reads[i])).ToDictionary(x => x.Name, x => x.Item2);
    }

    private async Task SetAllAsync(SwitchPlan plan, IReadOnlyList<string> servers, AdminState state, CancellationToken cancellationToken)
    {
        foreach (var lb in plan.LoadBalancers)
        {
            foreach (var server in servers)
            {
                LogSetting(server, lb.Name, state);
                await OnAsync(lb, c => c.SetServerStateAsync(server, state, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One call on one load balancer; its failure names the load balancer (<see cref="SwitchTargetException"/>).</summary>
    private static async Task<T> OnAsync<T>(SwitchTarget lb, Func<ILoadBalancerControl, Task<T>> call)
    {
        try
        {
            return await call(lb.Control).ConfigureAwait(false);
        }
        catch (LoadBalancerException ex) when (ex is not SwitchTargetException)
        {
            throw new SwitchTargetException(lb.Name, ex);
        }
    }

    private static Task OnAsync(SwitchTarget lb, Func<ILoadBalancerControl, Task> call)
        => OnAsync(lb, async c =>
        {
            await call(c).ConfigureAwait(false);
            return true;
        });

    private static bool AllUp(LoadBalancerState state, IReadOnlyList<string> servers)
        => servers.All(name => state.Servers.FirstOrDefault(s => s.Name == name) is { IsRoutable: true });

    private static bool Drained(LoadBalancerState state, IReadOnlyList<string> servers)
        => state.BackendQueue == 0 && servers.All(name => state.Servers.FirstOrDefault(s => s.Name == name) is { CurrentSessions: 0, QueuedRequests: 0 });

    internal static SwitchAudit Audit(string loadBalancer, SwitchKind kind, LoadBalancerState before, LoadBalancerState after, DateTimeOffset started, DateTimeOffset finished, DrainOutcome outcome)
    {
        long Delta(Func<ServerState, long> counter)
            => after.Servers.Sum(a => counter(a) - (before.Servers.FirstOrDefault(b => b.Name == a.Name) is { } b ? counter(b) : 0));
        return new SwitchAudit
        {
            LoadBalancer = loadBalancer,
            Kind = kind,
            StartedAt = started,
            FinishedAt = finished,
            Http5xx = Delta(s => s.Http5xx),
            ConnectionErrors = Delta(s => s.ConnectionErrors),
            ResponseErrors = Delta(s => s.ResponseErrors),
            Retries = Delta(s => s.Retries),
            Redispatches = Delta(s => s.Redispatches),
            ClientAborts = Delta(s => s.ClientAborts),
            ServerAborts = Delta(s => s.ServerAborts),
            Sessions = Delta(s => s.TotalSessions),
            DrainOutcome = outcome,
        };
    }

    /// <summary>How the log names a plan: "switch", "rollback", "abort", "take-out", "bring-in".</summary>
    public static string Name(SwitchPlan plan) => plan.Kind switch
    {
        SwitchKind.TakeOut => "take-out",
        SwitchKind.BringIn => "bring-in",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static string Join(IEnumerable<string> names) => string.Join(", ", names);

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Server} on {LoadBalancer} to {State}")]
    private partial void LogSetting(string server, string loadBalancer, AdminState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind}: {Sessions} sessions still open after {Seconds} s of draining; escalation {Escalation}")]
    private partial void LogDrainTimeout(SwitchKind kind, int sessions, double seconds, DrainEscalation escalation);
}
