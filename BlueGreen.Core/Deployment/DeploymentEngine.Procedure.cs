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
        run.Update(r =>
        {
            r.FromGroup = from;
            r.ToGroup = to;
            r.PreviousVersion = previous;
            if (previous == version)
            {
                r.Warnings.Add($"{version} is already live on {from}.");
            }
        });
        await run.LogAsync($"{from} is live ({previous ?? "version unknown"}); updating {to}").ConfigureAwait(false);

        // 1. The group to update leaves service (already in maintenance as a standby in the usual case).
        run.MoveTo(DeploymentState.PreparingIdle);
        var step = run.BeginStep($"Take {to} out of service");
        await TakeOutAsync(run, environment, Servers(environment, to).Select(s => s.Name).ToList(), cancellationToken).ConfigureAwait(false);
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
        if (!await SwitchAsync(run, to, from, "switch", cancellationToken).ConfigureAwait(false))
        {
            return;
        }
        run.Event(DeploymentEventKind.Switched, $"{to} live with {version}");

        // 6. Watch; roll back on trouble.
        run.MoveTo(DeploymentState.Watching);
        var trouble = await WatchAsync(run, to, cancellationToken).ConfigureAwait(false);
        if (trouble is not null)
        {
            run.Update(r => r.TimeToDetect = timeProvider.GetUtcNow() - switchedAt);
            await RollbackAsync(run, trouble, cancellationToken).ConfigureAwait(false);
            return;
        }

        // 7. TwoPhase: the other half too.
        if (run.Record.Strategy == DeploymentStrategy.TwoPhase)
        {
            run.MoveTo(DeploymentState.UpdatingRest);
            await UpdateGroupAsync(run, from, cancellationToken).ConfigureAwait(false);
            if (!await SmokeGroupAsync(run, from, cancellationToken).ConfigureAwait(false))
            {
                run.MoveTo(DeploymentState.Failed,
                    $"ALERT: {from} failed its smoke tests after the update and stays out of service. The service runs on {to} alone with {version}; fix {from} and deploy again.");
                return;
            }
            step = run.BeginStep($"Return {from} to service");
            await BringInAsync(run, environment, Servers(environment, from).Select(s => s.Name).ToList(), cancellationToken).ConfigureAwait(false);
            run.EndStep(step, StepOutcome.Succeeded);
        }
        run.MoveTo(DeploymentState.Succeeded, run.Record.Strategy == DeploymentStrategy.BlueGreen
            ? $"{to} serves {version}; {from} stays on {previous ?? "the previous version"} as a hot standby."
            : $"All sites serve {version}.");
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
            run.Update(r => r.SmokeResults.AddRange(results));
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

    /// <summary>Switches traffic to <paramref name="to"/>. On a switch that stopped before moving traffic the
    /// deployment fails; if it stopped after moving traffic it rolls back.</summary>
    private async Task<bool> SwitchAsync(DeploymentRun run, SiteGroup to, SiteGroup from, string kind, CancellationToken cancellationToken)
    {
        var environment = run.Environment;
        var targets = environment.LoadBalancers.Select(lb => new SwitchTarget(lb.Name, registry.Get(environment.Name, lb).Control)).ToList();
        var states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
        var plan = new SwitchPlan
        {
            LoadBalancers = targets,
            Incoming = Servers(environment, to).Select(s => s.Name).ToList(),
            // Servers already in maintenance on every load balancer need no drain.
            Outgoing = Servers(environment, from).Select(s => s.Name)
                .Where(name => states.Values.Any(state => state.Servers.Any(s => s.Name == name && s.Admin != AdminState.Maint))).ToList(),
            Kind = kind,
            UpTimeout = environment.Deployment.UpTimeout,
            DrainTimeout = environment.Deployment.DrainTimeout,
            Escalation = environment.Deployment.DrainEscalation,
        };
        var step = run.BeginStep(kind == "switch" ? $"Switch to {to}" : $"Roll back to {to}");
        try
        {
            var audits = await orchestrator.SwitchAsync(plan, line => run.LogAsync(line), cancellationToken).ConfigureAwait(false);
            run.Update(r => r.SwitchAudits.AddRange(audits));
            var lost = audits.Sum(a => a.Lost);
            run.EndStep(step, StepOutcome.Succeeded, lost == 0 ? "no request lost (HAProxy counters)" : $"{lost} failed requests counted by HAProxy");
            return true;
        }
        catch (LoadBalancerException ex)
        {
            // The load balancer went away mid-switch (socket lost, HAProxy restarted): no command can be trusted to
            // have landed, and neither a retry nor a rollback can be sent now. Stop, say where, leave the decision.
            var what = kind == "switch" ? $"The switch to {to}" : $"The rollback to {to}";
            var next = kind == "switch"
                ? $"Roll back (returns {from} and drains {to})"
                : "Roll back again";
            var message = $"{what} stopped half-way: {ex.Message} Traffic may be on both groups or only one; the Overview shows what HAProxy reports once it answers. When the load balancer is back: {next}, or Mark resolved after checking.";
            run.EndStep(step, StepOutcome.Failed, ex.Message);
            await run.LogAsync(message, isError: true).ConfigureAwait(false);
            throw new LoadBalancerException(message, ex);
        }
        catch (SwitchException ex)
        {
            run.EndStep(step, StepOutcome.Failed, ex.Message);
            if (kind == "switch")
            {
                run.MoveTo(ex.TrafficMoved ? DeploymentState.RollingBack : DeploymentState.Failed, ex.Message);
                if (ex.TrafficMoved)
                {
                    await RollbackAsync(run, ex.Message, cancellationToken, alreadyRollingBack: true).ConfigureAwait(false);
                }
                return false;
            }
            throw;
        }
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
                    run.Update(r => r.SmokeResults.AddRange(smoke));
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
        await SwitchAsync(run, from, to, "rollback", cancellationToken).ConfigureAwait(false);
        run.Update(r => r.TimeToRollback = timeProvider.GetUtcNow() - started);
        run.Event(DeploymentEventKind.RollbackFinished, $"{from} live again");
        run.MoveTo(DeploymentState.RolledBack, $"Rolled back: {reason} {from} serves {run.Record.PreviousVersion ?? "the previous version"} again.");
    }

    /// <summary>A manual rollback (after success, or of an interrupted deployment): checks that the previous group
    /// still runs the previous version and can take traffic before the new group is drained.</summary>
    private async Task ManualRollbackAsync(DeploymentRun run, CancellationToken cancellationToken)
    {
        var from = run.Record.FromGroup!.Value;
        var to = run.Record.ToGroup!.Value;
        var versions = await versionProbe.ReadVersionsAsync(run.Environment, cancellationToken).ConfigureAwait(false);
        var standby = Servers(run.Environment, from).ToList();
        var wrong = standby.Where(s => versions.GetValueOrDefault(s.Name) is not { } v || v != run.Record.PreviousVersion).ToList();
        if (run.Record.PreviousVersion is null || wrong.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot roll back: {from} must still run {run.Record.PreviousVersion ?? "the previous version"}, but " +
                string.Join(", ", wrong.Select(s => $"{s.Name} runs {versions.GetValueOrDefault(s.Name) ?? "nothing that answers"}")) +
                ". Deploy the previous version instead.");
        }
        var started = timeProvider.GetUtcNow();
        run.Event(DeploymentEventKind.RollbackStarted, "manual rollback");
        await SwitchAsync(run, from, to, "rollback", cancellationToken).ConfigureAwait(false);
        run.Update(r => r.TimeToRollback = timeProvider.GetUtcNow() - started);
        run.Event(DeploymentEventKind.RollbackFinished, $"{from} live again");
        run.MoveTo(DeploymentState.RolledBack, $"Rolled back by an operator; {from} serves {run.Record.PreviousVersion} again.");
    }

    /// <summary>Takes servers out of service on every load balancer: drain (guarded), wait for 0 sessions, maint.</summary>
    private async Task TakeOutAsync(DeploymentRun run, EnvironmentOptions environment, IReadOnlyList<string> servers, CancellationToken cancellationToken)
    {
        var states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
        var inService = servers.Where(name => states.Values.Any(s => s.Servers.Any(v => v.Name == name && v.Admin != AdminState.Maint))).ToList();
        if (inService.Count == 0)
        {
            await run.LogAsync($"{string.Join(", ", servers)} already in maintenance").ConfigureAwait(false);
            return;
        }
        foreach (var (name, state) in states)
        {
            ServingGuard.EnsureStillServing(name, state, inService, trafficMoved: false);
        }
        foreach (var lb in environment.LoadBalancers)
        {
            var control = registry.Get(environment.Name, lb).Control;
            foreach (var server in inService)
            {
                await control.SetServerStateAsync(server, AdminState.Drain, cancellationToken).ConfigureAwait(false);
            }
        }
        await run.LogAsync($"Draining {string.Join(", ", inService)}").ConfigureAwait(false);
        var deadline = timeProvider.GetUtcNow() + environment.Deployment.DrainTimeout;
        while (timeProvider.GetUtcNow() < deadline)
        {
            states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
            if (states.Values.All(s => s.Servers.Where(v => inService.Contains(v.Name)).All(v => v.CurrentSessions == 0)))
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken).ConfigureAwait(false);
        }
        foreach (var lb in environment.LoadBalancers)
        {
            var control = registry.Get(environment.Name, lb).Control;
            foreach (var server in inService)
            {
                await control.SetServerStateAsync(server, AdminState.Maint, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Returns servers to service on every load balancer and waits until HAProxy reports them UP.</summary>
    private async Task BringInAsync(DeploymentRun run, EnvironmentOptions environment, IReadOnlyList<string> servers, CancellationToken cancellationToken)
    {
        foreach (var lb in environment.LoadBalancers)
        {
            var control = registry.Get(environment.Name, lb).Control;
            foreach (var server in servers)
            {
                await control.SetServerStateAsync(server, AdminState.Ready, cancellationToken).ConfigureAwait(false);
            }
        }
        var deadline = timeProvider.GetUtcNow() + environment.Deployment.UpTimeout;
        while (true)
        {
            var states = await ReadAllAsync(environment, cancellationToken).ConfigureAwait(false);
            if (states.Values.All(s => servers.All(name => s.Servers.Any(v => v.Name == name && v.IsRoutable))))
            {
                await run.LogAsync($"{string.Join(", ", servers)} back in service").ConfigureAwait(false);
                return;
            }
            if (timeProvider.GetUtcNow() >= deadline)
            {
                foreach (var lb in environment.LoadBalancers)
                {
                    var control = registry.Get(environment.Name, lb).Control;
                    foreach (var server in servers)
                    {
                        await control.SetServerStateAsync(server, AdminState.Maint, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                throw new InvalidOperationException($"{string.Join(", ", servers)} did not come UP within {environment.Deployment.UpTimeout.TotalSeconds:0} s and were put back in maintenance.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken).ConfigureAwait(false);
        }
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
            run.Update(r => r.Warnings.Add(warning));
            await run.LogAsync(warning, isError: true).ConfigureAwait(false);
        }
    }

    private async Task<Dictionary<string, LoadBalancerState>> ReadAllAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var reads = await Task.WhenAll(environment.LoadBalancers.Select(lb => registry.Get(environment.Name, lb).Control.ReadStateAsync(cancellationToken))).ConfigureAwait(false);
        return environment.LoadBalancers.Select((lb, i) => (lb.Name, reads[i])).ToDictionary(x => x.Name, x => x.Item2);
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
                run.Update(r => r.FrontEnd = readings);
                await Task.Delay(FrontEndReadingInterval, timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Decided (or the deployment ends): the last reading stays in the record.
        }
    }
}
