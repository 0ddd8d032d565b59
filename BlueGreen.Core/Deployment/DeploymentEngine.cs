using System.Collections.Concurrent;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Runs deployments: one at a time per environment, each in the background, every transition stored as it
/// happens. Every operator action (start, promote, abort, roll back, mark resolved) is one method here, so a
/// role check and an audit entry can wrap it. At start it marks deployments a previous process left running as
/// <see cref="DeploymentState.Interrupted"/>; it never resumes a switch blindly. Singleton and hosted service.
/// </summary>
public sealed partial class DeploymentEngine(
    EnvironmentCatalog catalog,
    LoadBalancerRegistry registry,
    DeploymentStore store,
    SwitchOrchestrator orchestrator,
    SmokeTester smokeTester,
    IDeployStepRunner stepRunner,
    ServerVersionProbe versionProbe,
    TimeProvider timeProvider,
    ILogger<DeploymentEngine> logger) : IHostedService, IRunningDeployments
{
    /// <summary>How often the front ends are read while a deployment waits for approval.</summary>
    internal static readonly TimeSpan FrontEndReadingInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, DeploymentRun> _runs = new(StringComparer.Ordinal);
    private readonly Lock _startLock = new();
    private readonly CancellationTokenSource _stopping = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.Active())
        {
            var run = new DeploymentRun(record, catalog.Find(record.Environment) ?? new EnvironmentOptions { Name = record.Environment }, store, timeProvider);
            run.MoveTo(DeploymentState.Interrupted, $"The dashboard stopped while this deployment was {record.State}. Check the state on the Overview, then roll back or mark it resolved.");
            LogInterrupted(record.Id, record.Environment, record.InterruptedIn);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        var running = _runs.Values.Select(r => r.Execution).OfType<Task>().ToArray();
        // Runs notice the cancellation and record themselves as Interrupted; give them a moment to save.
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(10), timeProvider, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <summary>The running deployment of <paramref name="environment"/>, if any.</summary>
    public DeploymentRecord? Running(string environment)
        => _runs.Values.FirstOrDefault(r => string.Equals(r.Record.Environment, environment, StringComparison.OrdinalIgnoreCase) && DeploymentStateMachine.IsActive(r.State))?.Record;

    /// <summary>
    /// Validates and starts a deployment in the background; returns its record (state Pending). Throws
    /// <see cref="DeploymentRejectedException"/>: invalid version or environment, or another deployment runs.
    /// </summary>
    public DeploymentRecord Start(DeploymentRequest request)
    {
        var environment = catalog.Find(request.Environment)
            ?? throw new DeploymentRejectedException(DeploymentRejection.NotFound,
                $"There is no environment '{request.Environment}'. Known: {string.Join(", ", catalog.All.Select(e => e.Name))}.", "environment");
        if (VersionName.Validate(request.Version) is { } problem)
        {
            throw new DeploymentRejectedException(DeploymentRejection.Invalid, problem, "version");
        }
        DeploymentRun run;
        lock (_startLock)
        {
            if (Running(environment.Name) is { } running)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict,
                    $"Deployment {running.Id} ({running.Version}, {running.State}) is running on {environment.Name}; wait for it to finish or abort it first.",
                    runningId: running.Id);
            }
            var now = timeProvider.GetUtcNow();
            var record = new DeploymentRecord
            {
                Id = $"{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}",
                Environment = environment.Name,
                Version = request.Version,
                Strategy = request.Strategy ?? environment.Deployment.Strategy,
                RequireApproval = request.RequireApproval ?? environment.Deployment.RequireApproval,
                RequestedBy = request.RequestedBy,
                Source = request.Source,
                State = DeploymentState.Pending,
                CreatedAt = now,
                UpdatedAt = now,
            };
            store.Save(record);
            run = new DeploymentRun(record, environment, store, timeProvider);
            _runs[record.Id] = run;
        }
        LogStarting(run.Record.Id, environment.Name, request.Version, run.Record.Strategy, request.RequestedBy);
        run.Execution = Task.Run(() => ExecuteAsync(run, ProcedureAsync));
        return run.Record;
    }

    /// <summary>Promotes a deployment waiting for approval.</summary>
    public DeploymentRecord Approve(string id, string by, string? note) => Decide(id, by, note, promoted: true);

    /// <summary>Aborts a deployment before its switch: waiting for approval, or still updating / smoke-testing.</summary>
    public DeploymentRecord Abort(string id, string by, string? note)
    {
        var run = RunOf(id);
        if (run.State == DeploymentState.AwaitingApproval)
        {
            return Decide(id, by, note, promoted: false);
        }
        if (run.State is not (DeploymentState.Pending or DeploymentState.PreparingIdle or DeploymentState.Updating or DeploymentState.SmokeTesting))
        {
            throw new DeploymentRejectedException(DeploymentRejection.Conflict,
                $"Deployment {id} is {run.State}; only a deployment that has not switched yet can be aborted. Use Roll back after a switch.");
        }
        run.Update(r => r.Approval = new ApprovalDecision { Promoted = false, By = by, Note = note, At = timeProvider.GetUtcNow() });
        run.Cancellation.Cancel();
        return run.Record;
    }

    /// <summary>Rolls back a switched (or interrupted) deployment in the background: the previous group takes traffic again.</summary>
    public DeploymentRecord Rollback(string id, string by)
    {
        var record = store.Find(id) ?? throw NotFound(id);
        if (!(record.State is DeploymentState.Succeeded or DeploymentState.Interrupted or DeploymentState.Failed or DeploymentState.Watching))
        {
            throw new DeploymentRejectedException(DeploymentRejection.Conflict,
                $"Deployment {id} is {record.State}; roll back is for a deployment that switched (Succeeded, Watching), failed after a switch, or was interrupted.");
        }
        if (record.FromGroup is null || record.ToGroup is null)
        {
            throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {id} stopped before it chose a group; there is nothing to roll back. Mark it resolved.");
        }
        if (record.State == DeploymentState.Watching && _runs.TryGetValue(id, out var watching))
        {
            // The watch itself rolls back: ask it to.
            watching.Update(r => r.Warnings.Add($"Manual rollback requested by {by}."));
            watching.RequestRollback(by);
            return watching.Record;
        }
        DeploymentRun run;
        lock (_startLock)
        {
            if (Running(record.Environment) is { } running && running.Id != id)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {running.Id} is running on {record.Environment}; wait for it first.", runningId: running.Id);
            }
            var environment = catalog.Find(record.Environment) ?? throw NotFound(record.Environment);
            run = new DeploymentRun(record, environment, store, timeProvider);
            run.Update(r => r.Warnings.Add($"Manual rollback requested by {by}."));
            run.MoveTo(DeploymentState.RollingBack, $"manual rollback by {by}");
            _runs[id] = run;
        }
        run.Execution = Task.Run(() => ExecuteAsync(run, ManualRollbackAsync));
        return run.Record;
    }

    /// <summary>Closes an interrupted or failed deployment after an operator checked the real state.</summary>
    public DeploymentRecord MarkResolved(string id, string by, string? note)
    {
        var record = store.Find(id) ?? throw NotFound(id);
        if (record.State is not (DeploymentState.Interrupted or DeploymentState.Failed))
        {
            throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {id} is {record.State}; only Interrupted or Failed ones can be marked resolved.");
        }
        var run = new DeploymentRun(record, catalog.Find(record.Environment) ?? new EnvironmentOptions { Name = record.Environment }, store, timeProvider);
        run.Update(r => r.Warnings.Add($"Marked resolved by {by}{(string.IsNullOrWhiteSpace(note) ? "" : ": " + note)}"));
        run.MoveTo(DeploymentState.Resolved, note);
        return record;
    }

    private DeploymentRecord Decide(string id, string by, string? note, bool promoted)
    {
        var run = RunOf(id);
        if (run.State != DeploymentState.AwaitingApproval)
        {
            throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {id} is {run.State}, not awaiting approval.");
        }
        var decision = new ApprovalDecision { Promoted = promoted, By = by, Note = note, At = timeProvider.GetUtcNow() };
        run.Update(r => r.Approval = decision);
        run.Decide(decision);
        return run.Record;
    }

    private DeploymentRun RunOf(string id)
        => _runs.TryGetValue(id, out var run) && DeploymentStateMachine.IsActive(run.State)
            ? run
            : store.Find(id) is { } record
                ? throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {id} is {record.State}; it is not running.")
                : throw NotFound(id);

    private static DeploymentRejectedException NotFound(string id) => new(DeploymentRejection.NotFound, $"There is no deployment '{id}'.");

    /// <summary>Runs a procedure; whatever happens, the record ends in a final state with the reason.</summary>
    private async Task ExecuteAsync(DeploymentRun run, Func<DeploymentRun, CancellationToken, Task> procedure)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, _stopping.Token);
        try
        {
            await procedure(run, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            await run.LogAsync("The dashboard is stopping; this deployment is interrupted.", isError: true).ConfigureAwait(false);
            TryMove(run, DeploymentState.Interrupted, $"The dashboard stopped while this deployment was {run.State}.");
        }
        catch (OperationCanceledException)
        {
            await run.LogAsync($"Aborted by {run.Record.Approval?.By ?? "an operator"}.", isError: true).ConfigureAwait(false);
            TryMove(run, DeploymentState.Aborted, $"Aborted by {run.Record.Approval?.By ?? "an operator"} while {run.State}; the live group did not change.");
        }
        catch (Exception ex)
        {
            LogFailed(ex, run.Record.Id);
            await run.LogAsync(ex.Message, isError: true).ConfigureAwait(false);
            TryMove(run, DeploymentState.Failed, ex.Message);
        }
        finally
        {
            LogFinished(run.Record.Id, run.State);
        }
    }

    private void TryMove(DeploymentRun run, DeploymentState to, string reason)
    {
        if (DeploymentStateMachine.CanMove(run.State, to))
        {
            run.MoveTo(to, reason);
        }
        else if (DeploymentStateMachine.IsActive(run.State))
        {
            run.MoveTo(DeploymentState.Interrupted, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id}: {Version} to {Environment} ({Strategy}) requested by {By}")]
    private partial void LogStarting(string id, string environment, string version, DeploymentStrategy strategy, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id} finished: {State}")]
    private partial void LogFinished(string id, DeploymentState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Id} failed")]
    private partial void LogFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Id} on {Environment} was interrupted in {State} by a previous stop")]
    private partial void LogInterrupted(string id, string environment, DeploymentState? state);
}
