using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Deployment;

public sealed partial class DeploymentEngine
{
    /// <summary>The release procedure of both papers: prepare the idle group, update it, smoke-test it, (approve),
    /// switch, watch (roll back on trouble), and for TwoPhase update the other group too.</summary>
    private async Task ProcedureAsync(DeploymentRun run, CancellationToken cancellationToken)
    {
        var environment = run.Environment;
        var options = environment.Deployment;
        var version = run.Record.Version;
        run.Event(DeploymentEventKind.Started, $"Deploying {version} ({run.Record.Strategy})");
        await run.LogAsync($"Deploying {version} to {environment.Name} ({run.Record.Strategy}), requested by {run.Record.RequestedBy}").ConfigureAwait(false);

        // Which group is live is read from HAProxy now, never assumed.
        var states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
        var live = LiveGroupCalculator.Combine(states.Select(s => LiveGroupCalculator.ForLoadBalancer(s.Value, GroupOfServer(environment))));
        (SiteGroup from, SiteGroup to) = live switch
        {
            LiveGroup.Blue => (SiteGroup.Blue, SiteGroup.Green),
            LiveGroup.Green => (SiteGroup.Green, SiteGroup.Blue),
            // After a TwoPhase rollout both groups serve: update Green first, Blue keeps serving.
            LiveGroup.Both => (SiteGroup.Blue, SiteGroup.Green),
            _ => throw new InvalidOperationException(
                $"The live group is {live} on {environment.Name}, so there is no safe idle group to update. Bring one group into service on every load balancer first (Overview)."),
        };
        var versions = await versionProbe.ReadVersionsAsync(environment, cancellationToken).ConfigureAwait(false);
        var previous = Servers(environment, from).Select(s => versions.GetValueOrDefault(s.Name)).FirstOrDefault(v => v is not null);
        run.Update(r => r with
        {
            FromGroup = from,
            ToGroup = to,
            PreviousVersion = previous,
            Warnings = previous == version ? [.. r.Warnings, $"{version} is already live on {from}."] : r.Warnings,
        });
        await run.LogAsync($"{from} is live ({previous ?? "version unknown"}); updating {to}").ConfigureAwait(false);

        // 1. The group to update leaves service (already in maintenance as a standby in the usual case).
        run.MoveTo(DeploymentState.PreparingIdle);
        var step = run.BeginStep($"Take {to} out of service");
        var drained = await orchestrator.TakeOutAsync(Plan(environment, SwitchKind.TakeOut, incoming: null, outgoing: to), Log(run), cancellationToken).ConfigureAwait(false);
        WarnIfEscalated(run, drained, $"taking {to} out of service");
        run.EndStep(step, StepOutcome.Succeeded);
        run.Event(DeploymentEventKind.IdleDrained, $"{to} out of service");

        // 2. Update and 3. smoke-test it.
        await UpdateGroupAsync(run, to, cancellationToken).ConfigureAwait(false);
        if (!await SmokeGroupAsync(run, to, cancellationToken).ConfigureAwait(false))
        {
            run.MoveTo(DeploymentState.Failed, $"Smoke tests failed on {to}; nothing was switched, {from} still serves {previous ?? "the previous version"}.");
            return;
        }

        // 4. Capacity check, approval.
        await CheckCapacityAsync(run, environment, from, to, cancellationToken).ConfigureAwait(false);
        if (run.Record.RequireApproval)
        {
            run.MoveTo(DeploymentState.AwaitingApproval);
            run.Event(DeploymentEventKind.AwaitingApproval, "Waiting for approval");
            await run.LogAsync("Waiting for an operator to promote or abort").ConfigureAwait(false);
            ApprovalDecision decision;
            using (var evidence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var reading = ReadFrontEndsAsync(run, evidence.Token);
                decision = await run.Approval.WaitAsync(cancellationToken).ConfigureAwait(false);
                await evidence.CancelAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(false);
            }
            if (!decision.Promoted)
            {
                run.MoveTo(DeploymentState.Aborted, $"Aborted by {decision.By}{(string.IsNullOrWhiteSpace(decision.Note) ? "" : ": " + decision.Note)}; {from} still serves.");
                return;
            }
            await run.LogAsync($"Promoted by {decision.By}{(string.IsNullOrWhiteSpace(decision.Note) ? "" : ": " + decision.Note)}").ConfigureAwait(false);
        }

        // 5. The switch.
        run.MoveTo(DeploymentState.Switching);
        var switchedAt = timeProvider.GetUtcNow();
        if (!await SwitchAsync(run, to, from, SwitchKind.Switch, cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        // An abort that came as the switch finished still wins: traffic goes back.
        if (!run.MoveToUnlessAborted(DeploymentState.Watching))
        {
            await AbortSwitchAsync(run, Plan(environment, SwitchKind.Switch, incoming: to, outgoing: from)).ConfigureAwait(false);
            return;
        }
        run.Event(DeploymentEventKind.Switched, $"{to} live with {version}");

        // 6. Watch; roll back on trouble, or when an operator asked (a request that came as the watch ended included).
        var trouble = await WatchAsync(run, to, cancellationToken).ConfigureAwait(false);
        var twoPhase = run.Record.Strategy == DeploymentStrategy.TwoPhase;
        if (trouble is null && !run.MoveOnFromWatch(twoPhase ? DeploymentState.UpdatingRest : DeploymentState.Succeeded,
                twoPhase ? null : $"{to} serves {version}; {from} stays on {previous ?? "the previous version"} as a hot standby."))
        {
            trouble = $"Manual rollback requested by {run.RollbackRequested.Result}.";
        }
        if (trouble is not null)
        {
            run.Update(r => r with { TimeToDetect = timeProvider.GetUtcNow() - switchedAt });
            // Not cancellable by an abort (none is allowed from here on); the dashboard stopping still interrupts it.
            await RollbackAsync(run, trouble, _stopping.Token).ConfigureAwait(false);
            return;
        }

        // 7. TwoPhase: the other half too.
        if (twoPhase)
        {
            await UpdateGroupAsync(run, from, cancellationToken).ConfigureAwait(false);
            if (!await SmokeGroupAsync(run, from, cancellationToken).ConfigureAwait(false))
            {
                run.MoveTo(DeploymentState.Failed,
                    $"ALERT: {from} failed its smoke tests after the update and stays out of service. The service runs on {to} alone with {version}; fix {from} and deploy again.");
                return;
            }
            step = run.BeginStep($"Return {from} to service");
            await orchestrator.BringInAsync(Plan(environment, SwitchKind.BringIn, incoming: from, outgoing: null), Log(run), cancellationToken).ConfigureAwait(false);
            await run.LogAsync($"{from} back in service").ConfigureAwait(false);
            run.EndStep(step, StepOutcome.Succeeded);
            run.MoveTo(DeploymentState.Succeeded, $"All sites serve {version}.");
        }
    }

    private async Task UpdateGroupAsync(DeploymentRun run, SiteGroup group, CancellationToken cancellationToken)
    {
        run.MoveToIfNeeded(DeploymentState.Updating);
        foreach (var site in run.Environment.Sites.Where(s => s.ParsedGroup == group))
        {
            var step = run.BeginStep($"Update site {site.Name}");
            try
            {
                foreach (var server in site.Servers)
                {
                    foreach (var deployStep in run.Environment.Deployment.Steps)
                    {
                        await stepRunner.RunAsync(new DeployStepContext
                        {
                            Step = deployStep,
                            Environment = run.Environment,
                            Site = site,
                            Server = server,
                            Version = run.Record.Version,
                            Group = group,
                            Log = (text, isError) => run.LogAsync(text, server.Name, isError),
                        }, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                run.EndStep(step, StepOutcome.Failed, ex.Message);
                throw new DeployStepException($"Updating site {site.Name} failed: {ex.Message}", ex);
            }
            run.EndStep(step, StepOutcome.Succeeded);
        }
        run.Event(DeploymentEventKind.UpdateDone, $"{group} updated to {run.Record.Version}");
    }

    private async Task<bool> SmokeGroupAsync(DeploymentRun run, SiteGroup group, CancellationToken cancellationToken)
    {
        run.MoveToIfNeeded(DeploymentState.SmokeTesting);
        var passed = true;
        foreach (var server in Servers(run.Environment, group))
        {
            var step = run.BeginStep($"Smoke test {server.Name}");
            var results = await smokeTester.RunAsync(server.Name, server.BaseUrl, run.Environment.Deployment, run.Environment.VersionPath, run.Record.Version, cancellationToken).ConfigureAwait(false);
            run.Update(r => r with { SmokeResults = [.. r.SmokeResults, .. results] });
            var failed = results.Where(r => !r.Passed).ToList();
            foreach (var result in results)
            {
                await run.LogAsync($"smoke {result.Check}: {(result.Passed ? "passed" : "FAILED: " + result.Problem)} ({result.Attempts} attempt(s))", server.Name, !result.Passed).ConfigureAwait(false);
            }
            run.EndStep(step, failed.Count == 0 ? StepOutcome.Succeeded : StepOutcome.Failed, failed.Count == 0 ? null : string.Join("; ", failed.Select(f => f.Problem)));
            passed &= failed.Count == 0;
        }
        run.Event(passed ? DeploymentEventKind.SmokePassed : DeploymentEventKind.SmokeFailed, $"{group}: smoke tests {(passed ? "passed" : "failed")}");
        return passed;
    }

    /// <summary>
    /// Switches traffic to <paramref name="to"/> (a switch or a rollback). Returns true when it is done. A switch that
    /// stopped before moving traffic fails the deployment; one that stopped after moving traffic rolls back; one an
    /// operator aborted puts traffic back on <paramref name="from"/>. Returns false in those cases (the final state is set).
    /// </summary>
    private async Task<bool> SwitchAsync(DeploymentRun run, SiteGroup to, SiteGroup from, SwitchKind kind, CancellationToken cancellationToken)
    {
        var plan = Plan(run.Environment, kind, incoming: to, outgoing: from);
        var step = run.BeginStep(kind == SwitchKind.Switch ? $"Switch to {to}" : $"Roll back to {to}");
        if (kind == SwitchKind.Switch)
        {
            // From the first READY on, the new group may take traffic: from now on this is what a rollback undoes.
            run.Update(r => r with { SwitchedAt = timeProvider.GetUtcNow() });
        }
        try
        {
            var audits = await orchestrator.SwitchAsync(plan, Log(run), cancellationToken).ConfigureAwait(false);
            run.Update(r => r with { SwitchAudits = [.. r.SwitchAudits, .. audits] });
            WarnIfEscalated(run, audits.Select(a => a.DrainOutcome).FirstOrDefault(), $"the {SwitchOrchestrator.Name(plan)}");
            var lost = audits.Sum(a => a.Lost);
            run.EndStep(step, StepOutcome.Succeeded, lost == 0 ? "no request lost (HAProxy counters)" : $"{lost} failed requests counted by HAProxy");
            return true;
        }
        catch (OperationCanceledException) when (run.AbortedBy is not null && !_stopping.IsCancellationRequested && kind == SwitchKind.Switch)
        {
            run.EndStep(step, StepOutcome.Failed, $"aborted by {run.AbortedBy.By}");
            await AbortSwitchAsync(run, plan).ConfigureAwait(false);
            return false;
        }
        catch (LoadBalancerException ex)
        {
            // The load balancer went away mid-switch (socket lost, HAProxy restarted): no command can be trusted to
            // have landed, and neither a retry nor a rollback can be sent now. Stop, say where, leave the decision.
            var what = kind == SwitchKind.Switch ? $"The switch to {to}" : $"The rollback to {to}";
            var next = kind == SwitchKind.Switch
                ? $"Roll back (returns {from} and drains {to})"
                : "Roll back again";
            var (where, reason, which) = ex is SwitchTargetException target
                ? ($" on {target.LoadBalancer}", target.Reason, target.LoadBalancer)
                : ("", ex.Message, "the load balancer");
            var message = $"{what} stopped half-way{where}: {reason} Traffic may be on both groups or only one; the Overview shows what HAProxy reports once it answers. When {which} is back: {next}, or Mark resolved after checking.";
            run.EndStep(step, StepOutcome.Failed, ex.Message);
            // Not logged here: the run's end logs the exception's message as its error (once).
            throw new LoadBalancerException(message, ex);
        }
        catch (SwitchException ex)
        {
            run.EndStep(step, StepOutcome.Failed, ex.Message);
            if (kind != SwitchKind.Switch)
            {
                throw;
            }
            if (ex.TrafficMoved)
            {
                run.MoveTo(DeploymentState.RollingBack, ex.Message);
                // Not cancellable by an abort that came during the switch: traffic must go back.
                await RollbackAsync(run, ex.Message, _stopping.Token, alreadyRollingBack: true).ConfigureAwait(false);
            }
            else
            {
                // Everything is back as it was: this deployment no longer holds the environment's latest switch.
                run.Update(r => r with { SwitchedAt = null });
                run.MoveTo(DeploymentState.Failed, ex.Message);
            }
            return false;
        }
    }

    /// <summary>An operator aborted the switch: the outgoing group takes traffic again, the incoming one leaves service.</summary>
    private async Task AbortSwitchAsync(DeploymentRun run, SwitchPlan plan)
    {
        var by = run.AbortedBy?.By ?? "an operator";
        await run.LogAsync($"Aborted by {by} during the switch: {string.Join(", ", plan.Outgoing)} take traffic again", isError: true).ConfigureAwait(false);
        var step = run.BeginStep("Undo the switch (abort)");
        try
        {
            // Not cancellable by the abort that asked for it; the dashboard stopping still interrupts it.
            await orchestrator.RestoreAsync(plan, Log(run), _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is LoadBalancerException or SwitchException)
        {
            // Traffic may be on either group now: say so, keep the deployment rollback-able, leave the decision.
            var message = $"The abort could not put {string.Join(", ", plan.Outgoing)} back in service: {ex.Message} " +
                "Traffic may be on both groups or only one; the Overview shows what HAProxy reports. " +
                $"When the load balancer answers: Roll back (returns {run.Record.FromGroup}), or Mark resolved after checking.";
            run.EndStep(step, StepOutcome.Failed, ex.Message);
            // Not logged here: the run's end logs the exception's message as its error (once).
            throw new LoadBalancerException(message, ex);
        }
        run.EndStep(step, StepOutcome.Succeeded);
        run.Update(r => r with { SwitchedAt = null });
        run.MoveTo(DeploymentState.Aborted,
            $"Aborted by {by} during the switch{(string.IsNullOrWhiteSpace(run.AbortedBy?.Note) ? "" : ": " + run.AbortedBy.Note)}; {run.Record.FromGroup} serves {run.Record.PreviousVersion ?? "the previous version"} again and {run.Record.ToGroup} is back in maintenance.");
    }

    /// <summary>Returns why the new group must be rolled back, or null when the watch passed.</summary>
    private async Task<string?> WatchAsync(DeploymentRun run, SiteGroup group, CancellationToken cancellationToken)
    {
        var options = run.Environment.Deployment;
        if (options.WatchDuration <= TimeSpan.Zero)
        {
            return null;
        }
        var step = run.BeginStep($"Watch {group} for {options.WatchDuration.TotalSeconds:0} s");
        var servers = Servers(run.Environment, group).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var baseline = ErrorCount(await ReadAllAsync(run.Environment, cancellationToken).ConfigureAwait(false), servers);
        var frontend = run.Environment.LoadBalancers[0].FrontendUrl;
        var end = timeProvider.GetUtcNow() + options.WatchDuration;
        var nextSmoke = timeProvider.GetUtcNow();
        while (timeProvider.GetUtcNow() < end)
        {
            if (run.RollbackRequested.IsCompleted)
            {
                run.EndStep(step, StepOutcome.Failed, $"manual rollback by {run.RollbackRequested.Result}");
                return $"Manual rollback requested by {run.RollbackRequested.Result}.";
            }
            var errors = ErrorCount(await ReadAllAsync(run.Environment, cancellationToken).ConfigureAwait(false), servers) - baseline;
            if (errors > options.WatchMaxErrors)
            {
                var reason = $"{errors} errors (5xx, connection, response) on {group} within the watch, over the limit of {options.WatchMaxErrors}.";
                run.EndStep(step, StepOutcome.Failed, reason);
                return reason;
            }
            if (timeProvider.GetUtcNow() >= nextSmoke)
            {
                var smoke = await smokeTester.RunAsync("front end", frontend, options, run.Environment.VersionPath, run.Record.Version, cancellationToken).ConfigureAwait(false);
                if (smoke.FirstOrDefault(r => !r.Passed) is { } failed)
                {
                    var reason = $"Front-end smoke check '{failed.Check}' failed after the switch: {failed.Problem}.";
                    run.Update(r => r with { SmokeResults = [.. r.SmokeResults, .. smoke] });
                    run.EndStep(step, StepOutcome.Failed, reason);
                    return reason;
                }
                nextSmoke = timeProvider.GetUtcNow() + TimeSpan.FromSeconds(5);
            }
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(1), timeProvider, cancellationToken), run.RollbackRequested).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        run.EndStep(step, StepOutcome.Succeeded, "no trouble seen");
        return null;
    }

    /// <summary>The watch (or a switch that stopped after moving traffic) found trouble: traffic goes back. The release failed.</summary>
    private async Task RollbackAsync(DeploymentRun run, string reason, CancellationToken cancellationToken, bool alreadyRollingBack = false)
    {
        if (!alreadyRollingBack)
        {
            run.MoveTo(DeploymentState.RollingBack, reason);
        }
        run.Event(DeploymentEventKind.RollbackStarted, reason);
        await run.LogAsync($"Rolling back: {reason}", isError: true).ConfigureAwait(false);
        var started = timeProvider.GetUtcNow();
        var from = run.Record.FromGroup!.Value;
        var to = run.Record.ToGroup!.Value;
        await SwitchAsync(run, from, to, SwitchKind.Rollback, cancellationToken).ConfigureAwait(false);
        run.Update(r => r with { TimeToRollback = timeProvider.GetUtcNow() - started });
        run.Event(DeploymentEventKind.RollbackFinished, $"{from} live again");
        run.MoveTo(DeploymentState.RolledBack, $"Rolled back: {reason} {from} serves {run.Record.PreviousVersion ?? "the previous version"} again.", error: reason);
    }

    /// <summary>An operator's rollback (after success, or of a failed or interrupted deployment). The previous group
    /// was checked to still run the previous version before this started (<see cref="RollbackAsync(string, string, CancellationToken)"/>).</summary>
    private async Task ManualRollbackAsync(DeploymentRun run, CancellationToken cancellationToken)
    {
        var from = run.Record.FromGroup!.Value;
        var to = run.Record.ToGroup!.Value;
        var started = timeProvider.GetUtcNow();
        run.Event(DeploymentEventKind.RollbackStarted, "manual rollback");
        await SwitchAsync(run, from, to, SwitchKind.Rollback, cancellationToken).ConfigureAwait(false);
        run.Update(r => r with { TimeToRollback = timeProvider.GetUtcNow() - started });
        run.Event(DeploymentEventKind.RollbackFinished, $"{from} live again");
        run.MoveTo(DeploymentState.RolledBack, $"Rolled back by an operator: {from} serves {run.Record.PreviousVersion} again and {to} is back in maintenance.");
    }

    private async Task CheckCapacityAsync(DeploymentRun run, EnvironmentOptions environment, SiteGroup from, SiteGroup to, CancellationToken cancellationToken)
    {
        var states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
        var outgoing = Servers(environment, from).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var serving = states.Values.SelectMany(s => s.Servers).Where(s => outgoing.Contains(s.Name) && s.IsRoutable).Select(s => s.Name).Distinct().Count();
        var rate = states.Values.SelectMany(s => s.Servers).Where(s => outgoing.Contains(s.Name)).Sum(s => s.SessionRate);
        var incoming = run.Record.SmokeResults.Where(r => r.Passed).Select(r => r.Target).Distinct().Count();
        if (incoming < serving)
        {
            var warning = $"Capacity: {to} has {incoming} healthy server(s) for the {serving} of {from} serving {rate} sessions/s now.";
            run.Warn(warning);
            await run.LogAsync(warning, isError: true).ConfigureAwait(false);
        }
    }

    private Task<Dictionary<string, LoadBalancerState>> ReadAllAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
        => SwitchOrchestrator.ReadAllAsync(Targets(environment), cancellationToken);

    private IReadOnlyList<SwitchTarget> Targets(EnvironmentOptions environment)
        => [.. environment.LoadBalancers.Select(lb => new SwitchTarget(lb.Name, registry.Get(environment.Name, lb).Control))];

    /// <summary>A plan over every load balancer of the environment, from its deployment settings.</summary>
    private SwitchPlan Plan(EnvironmentOptions environment, SwitchKind kind, SiteGroup? incoming, SiteGroup? outgoing) => new()
    {
        LoadBalancers = Targets(environment),
        Incoming = incoming is { } i ? [.. Servers(environment, i).Select(s => s.Name)] : [],
        Outgoing = outgoing is { } o ? [.. Servers(environment, o).Select(s => s.Name)] : [],
        Kind = kind,
        UpTimeout = environment.Deployment.UpTimeout,
        DrainTimeout = environment.Deployment.DrainTimeout,
        // A rollback must finish: undoing it (Abort) would bring the bad release back, and waiting on (Wait) could not
        // be stopped, since a rolling-back deployment cannot be aborted. Its stuck sessions are closed instead.
        Escalation = kind == SwitchKind.Rollback ? DrainEscalation.ShutdownSessions : environment.Deployment.DrainEscalation,
    };

    private static SwitchLog Log(DeploymentRun run) => (line, isError) => run.LogAsync(line, isError: isError);

    /// <summary>A drain that outlived its timeout is kept with the deployment, not only in its log.</summary>
    private static void WarnIfEscalated(DeploymentRun run, DrainOutcome outcome, string what)
    {
        if (outcome is DrainOutcome.ShutdownSessions or DrainOutcome.DrainedLate)
        {
            run.Warn(outcome == DrainOutcome.ShutdownSessions
                ? $"Draining for {what} outlived {run.Environment.Deployment.DrainTimeout.TotalSeconds:0} s; the remaining sessions were closed (DrainEscalation ShutdownSessions)."
                : $"Draining for {what} outlived {run.Environment.Deployment.DrainTimeout.TotalSeconds:0} s and was waited out (DrainEscalation Wait).");
        }
    }

    private static long ErrorCount(Dictionary<string, LoadBalancerState> states, HashSet<string> servers)
        => states.Values.SelectMany(s => s.Servers).Where(s => servers.Contains(s.Name)).Sum(s => s.Http5xx + s.ConnectionErrors + s.ResponseErrors);

    private static IEnumerable<ServerOptions> Servers(EnvironmentOptions environment, SiteGroup group)
        => environment.Sites.Where(s => s.ParsedGroup == group).SelectMany(s => s.Servers);

    private static Dictionary<string, SiteGroup> GroupOfServer(EnvironmentOptions environment)
        => environment.Sites.SelectMany(site => site.Servers.Select(s => (s.Name, site.ParsedGroup))).ToDictionary(x => x.Name, x => x.ParsedGroup);

    /// <summary>
    /// Approval evidence: until <paramref name="cancellationToken"/> fires (the decision), reads every front end
    /// every <see cref="FrontEndReadingInterval"/> (10 requests of the first smoke check) into the record.
    /// </summary>
    private async Task ReadFrontEndsAsync(DeploymentRun run, CancellationToken cancellationToken)
    {
        var options = run.Environment.Deployment;
        var check = options.SmokeChecks.FirstOrDefault() ?? new SmokeCheckOptions();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var readings = new List<FrontEndReading>();
                foreach (var lb in run.Environment.LoadBalancers)
                {
                    readings.Add(await smokeTester.ReadFrontEndAsync(lb.Name, lb.FrontendUrl, check, requests: 10,
                        spacing: TimeSpan.FromMilliseconds(20), options.SmokeTimeout, cancellationToken).ConfigureAwait(false));
                }
                run.Update(r => r with { FrontEnd = readings });
                await Task.Delay(FrontEndReadingInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Decided (or the deployment ends): the last reading stays in the record.
        }
    }
}
