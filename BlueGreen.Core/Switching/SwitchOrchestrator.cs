using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Switching;

/// <summary>
/// The zero-loss switch, phase by phase across every load balancer of the environment:
/// incoming <c>ready</c> → wait until HAProxy reports them UP → (guard) outgoing <c>drain</c> → wait until their
/// sessions and the backend queue reach 0 (timeout → escalation) → (guard) <c>maint</c>.
/// Each phase finishes on every load balancer before the next starts, so if the incoming servers never come UP
/// anywhere, nothing has moved anywhere. Singleton; stateless.
/// </summary>
public sealed partial class SwitchOrchestrator(TimeProvider timeProvider, ILogger<SwitchOrchestrator> logger)
{
    /// <summary>Runs the plan. Returns one audit per load balancer (counter deltas over the switch window).
    /// Throws <see cref="SwitchException"/> when it stops; the message says what state it left.</summary>
    public async Task<IReadOnlyList<SwitchAudit>> SwitchAsync(SwitchPlan plan, Func<string, ValueTask> log, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var before = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);

        // 1. Incoming ready, everywhere.
        await log($"{plan.Kind}: setting {Join(plan.Incoming)} READY on {Join(plan.LoadBalancers.Select(l => l.Name))}").ConfigureAwait(false);
        await SetAllAsync(plan, plan.Incoming, AdminState.Ready, cancellationToken).ConfigureAwait(false);

        // 2. Wait until HAProxy reports every incoming server UP, everywhere.
        if (!await WaitUntilAsync(plan, plan.UpTimeout, (_, state) => AllUp(state, plan.Incoming), cancellationToken).ConfigureAwait(false))
        {
            await log($"{plan.Kind}: {Join(plan.Incoming)} did not come UP within {plan.UpTimeout.TotalSeconds:0} s; putting them back in maintenance").ConfigureAwait(false);
            await SetAllAsync(plan, plan.Incoming, AdminState.Maint, CancellationToken.None).ConfigureAwait(false);
            throw new SwitchException(
                $"The {plan.Kind} stopped: {Join(plan.Incoming)} did not pass HAProxy's health checks within {plan.UpTimeout.TotalSeconds:0} s. " +
                $"They are back in maintenance and {Join(plan.Outgoing)} still serve; nothing was switched. Check the servers' /health.",
                trafficMoved: false);
        }
        await log($"{plan.Kind}: {Join(plan.Incoming)} are UP").ConfigureAwait(false);

        // 3. Guard, then drain the outgoing servers, everywhere.
        await GuardAsync(plan, trafficMoved: false, cancellationToken).ConfigureAwait(false);
        await log($"{plan.Kind}: draining {Join(plan.Outgoing)}").ConfigureAwait(false);
        await SetAllAsync(plan, plan.Outgoing, AdminState.Drain, cancellationToken).ConfigureAwait(false);

        // 4. Wait for their sessions and the backend queue to reach 0; escalate on timeout.
        var outcome = await DrainAsync(plan, log, cancellationToken).ConfigureAwait(false);

        // 5. Guard, then maintenance.
        await GuardAsync(plan, trafficMoved: true, cancellationToken).ConfigureAwait(false);
        await SetAllAsync(plan, plan.Outgoing, AdminState.Maint, cancellationToken).ConfigureAwait(false);
        await log($"{plan.Kind}: {Join(plan.Outgoing)} in maintenance; {Join(plan.Incoming)} serve").ConfigureAwait(false);

        var after = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
        var finished = timeProvider.GetUtcNow();
        return plan.LoadBalancers.Select(lb => Audit(lb.Name, plan.Kind, before[lb.Name], after[lb.Name], started, finished, outcome)).ToList();
    }

    private async Task<string> DrainAsync(SwitchPlan plan, Func<string, ValueTask> log, CancellationToken cancellationToken)
    {
        var rounds = 0;
        while (true)
        {
            if (await WaitUntilAsync(plan, plan.DrainTimeout, (_, state) => Drained(state, plan.Outgoing), cancellationToken).ConfigureAwait(false))
            {
                return rounds == 0 ? "drained" : "drained-late";
            }
            rounds++;
            var remaining = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
            var sessions = remaining.Values.Sum(s => s.Servers.Where(v => plan.Outgoing.Contains(v.Name)).Sum(v => v.CurrentSessions + v.QueuedRequests) + s.BackendQueue);
            LogDrainTimeout(plan.Kind, sessions, plan.DrainTimeout, plan.Escalation);
            switch (plan.Escalation)
            {
                case DrainEscalation.Wait:
                    await log($"{plan.Kind}: {sessions} sessions still open on {Join(plan.Outgoing)} after {rounds * plan.DrainTimeout.TotalSeconds:0} s; waiting on (escalation: Wait)").ConfigureAwait(false);
                    continue;
                case DrainEscalation.ShutdownSessions:
                    await log($"{plan.Kind}: {sessions} sessions still open after {plan.DrainTimeout.TotalSeconds:0} s; closing them (escalation: ShutdownSessions)").ConfigureAwait(false);
                    foreach (var lb in plan.LoadBalancers)
                    {
                        if (lb.Control is ISessionControl sessionControl)
                        {
                            foreach (var server in plan.Outgoing)
                            {
                                await sessionControl.ShutdownSessionsAsync(server, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                    return "shutdown-sessions";
                default:
                    await log($"{plan.Kind}: {sessions} sessions still open after {plan.DrainTimeout.TotalSeconds:0} s; aborting and restoring (escalation: Abort)").ConfigureAwait(false);
                    await SetAllAsync(plan, plan.Outgoing, AdminState.Ready, CancellationToken.None).ConfigureAwait(false);
                    await SetAllAsync(plan, plan.Incoming, AdminState.Maint, CancellationToken.None).ConfigureAwait(false);
                    throw new SwitchException(
                        $"The {plan.Kind} was aborted: {sessions} sessions on {Join(plan.Outgoing)} did not end within {plan.DrainTimeout.TotalSeconds:0} s. " +
                        $"{Join(plan.Outgoing)} are READY again and {Join(plan.Incoming)} back in maintenance.",
                        trafficMoved: false);
            }
        }
    }

    private async Task GuardAsync(SwitchPlan plan, bool trafficMoved, CancellationToken cancellationToken)
    {
        var states = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
        foreach (var lb in plan.LoadBalancers)
        {
            ServingGuard.EnsureStillServing(lb.Name, states[lb.Name], [.. plan.Outgoing], trafficMoved);
        }
    }

    /// <summary>Polls every load balancer until <paramref name="done"/> holds on all of them, or the timeout.</summary>
    private async Task<bool> WaitUntilAsync(SwitchPlan plan, TimeSpan timeout, Func<string, LoadBalancerState, bool> done, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + timeout;
        while (true)
        {
            var states = await ReadAllAsync(plan, cancellationToken).ConfigureAwait(false);
            if (states.All(s => done(s.Key, s.Value)))
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

    private static async Task<Dictionary<string, LoadBalancerState>> ReadAllAsync(SwitchPlan plan, CancellationToken cancellationToken)
    {
        var reads = await Task.WhenAll(plan.LoadBalancers.Select(lb => lb.Control.ReadStateAsync(cancellationToken))).ConfigureAwait(false);
        return plan.LoadBalancers.Select((lb, i) => (lb.Name, reads[i])).ToDictionary(x => x.Name, x => x.Item2);
    }

    private async Task SetAllAsync(SwitchPlan plan, IReadOnlyList<string> servers, AdminState state, CancellationToken cancellationToken)
    {
        foreach (var lb in plan.LoadBalancers)
        {
            foreach (var server in servers)
            {
                LogSetting(server, lb.Name, state);
                await lb.Control.SetServerStateAsync(server, state, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool AllUp(LoadBalancerState state, IReadOnlyList<string> servers)
        => servers.All(name => state.Servers.FirstOrDefault(s => s.Name == name) is { IsRoutable: true });

    private static bool Drained(LoadBalancerState state, IReadOnlyList<string> servers)
        => state.BackendQueue == 0 && servers.All(name => state.Servers.FirstOrDefault(s => s.Name == name) is { CurrentSessions: 0, QueuedRequests: 0 });

    internal static SwitchAudit Audit(string loadBalancer, string kind, LoadBalancerState before, LoadBalancerState after, DateTimeOffset started, DateTimeOffset finished, string outcome)
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

    private static string Join(IEnumerable<string> names) => string.Join(", ", names);

    [LoggerMessage(Level = LogLevel.Information, Message = "Setting {Server} on {LoadBalancer} to {State}")]
    private partial void LogSetting(string server, string loadBalancer, AdminState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind}: {Sessions} sessions still open after the drain timeout {Timeout}; escalation {Escalation}")]
    private partial void LogDrainTimeout(string kind, int sessions, TimeSpan timeout, DrainEscalation escalation);
}
