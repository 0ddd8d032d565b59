using System.Collections.Concurrent;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Runs deployments: one at a time per environment (each holds its environment's claim in
/// <see cref="EnvironmentLocks"/> from start to end), each in the background, every transition stored as it
/// happens. Every operator action (start, promote, abort, roll back, mark resolved) is one method here, so a role
/// check and an audit entry can wrap it; whether an action is allowed is decided by <see cref="DeploymentRules"/>
/// only, re-read under the lock that changes the state. What the methods return is the immutable record as stored.
/// At start it marks deployments a previous process left running as <see cref="DeploymentState.Interrupted"/>; it
/// never resumes a switch blindly. Singleton and hosted service.
/// </summary>
public sealed partial class DeploymentEngine(
    EnvironmentCatalog catalog,
    LoadBalancerRegistry registry,
    DeploymentStore store,
    EnvironmentLocks locks,
    SwitchOrchestrator orchestrator,
    SmokeTester smokeTester,
    IDeployStepRunner stepRunner,
    ServerVersionProbe versionProbe,
    TimeProvider timeProvider,
    ILogger<DeploymentEngine> logger) : IHostedService
{
    /// <summary>The <see cref="EnvironmentOwner.Kind"/> of a deployment's claim on its environment.</summary>
    public const string OwnerKind = "deployment";

    /// <summary>How often the front ends are read while a deployment waits for approval.</summary>
    internal static readonly TimeSpan FrontEndReadingInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a start waits for a manual server change in progress on the environment (a few HAProxy
    /// commands; a start is called on request and circuit threads, and deploy-at calls it holding its test's lock).</summary>
    private static readonly TimeSpan s_startWait = TimeSpan.FromSeconds(2);

    /// <summary>How long a rollback waits (asynchronously) for a manual server change in progress.</summary>
    private static readonly TimeSpan s_rollbackWait = TimeSpan.FromSeconds(10);

    // Only runs in progress: a run removes itself when it ends.
    private readonly ConcurrentDictionary<string, DeploymentRun> _runs = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    // Per environment: serialises the actions that re-read a stored (not running) deployment and then move it
    // (rollback, resolve), so two of them cannot both pass their check.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _actions = new(StringComparer.OrdinalIgnoreCase);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.Active())
        {
            var run = new DeploymentRun(record, catalog.Find(record.Environment) ?? new EnvironmentOptions { Name = record.Environment }, store, timeProvider);
            run.MoveTo(DeploymentState.Interrupted, $"The dashboard stopped while this deployment was {record.State}. Check the state on the Overview, then roll back or mark it resolved.");
            LogInterrupted(record.Id, record.Environment, record.State);
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

    /// <summary>How many deployments the engine holds in memory: only those running (a run removes itself when it ends).</summary>
    public int RunsInMemory => _runs.Count;

    /// <summary>The running deployment of <paramref name="environment"/>, if any.</summary>
    public DeploymentRecord? Running(string environment)
        => locks.OwnerOf(environment) is { Kind: OwnerKind } owner && _runs.TryGetValue(owner.Id, out var run) ? store.Find(run.Id) : null;

    /// <summary>
    /// Validates and starts a deployment in the background; returns its record (state Pending). Throws
    /// <see cref="DeploymentRejectedException"/>: invalid version or environment, or another deployment runs.
    /// </summary>
    public DeploymentRecord Start(DeploymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var environment = catalog.Find(request.Environment)
            ?? throw new DeploymentRejectedException(DeploymentRejection.NotFound,
                $"There is no environment '{request.Environment}'. Known: {string.Join(", ", catalog.All.Select(e => e.Name))}.", "environment");
        if (VersionName.Validate(request.Version) is { } problem)
        {
            throw new DeploymentRejectedException(DeploymentRejection.Invalid, problem, "version");
        }
        if (environment.Deployment.RequireApproval && request.RequireApproval == false)
        {
            throw new DeploymentRejectedException(DeploymentRejection.Invalid,
                $"requireApproval: {environment.Name} requires approval before every switch, so a request cannot turn it off. " +
                "Leave it out (or true); an operator promotes the deployment when it waits.", "requireApproval");
        }
        var now = timeProvider.GetUtcNow();
        var id = $"{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
        var claim = Claim(environment.Name, id, request.Version);
        DeploymentRun run;
        try
        {
            var record = new DeploymentRecord
            {
                Id = id,
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
            record = store.Save(record);
            run = new DeploymentRun(record, environment, store, timeProvider) { Claim = claim };
            _runs[id] = run;
        }
        catch
        {
            claim.Dispose();
            throw;
        }
        LogStarting(id, environment.Name, request.Version, run.Record.Strategy, request.RequestedBy);
        run.Execution = Task.Run(() => ExecuteAsync(run, ProcedureAsync));
        // As saved (not read again): once it runs, a failure reading the file must not tell the caller it did not start.
        return run.Record;
    }

    /// <summary>Promotes a deployment waiting for approval.</summary>
    public DeploymentRecord Approve(string id, string by, string? note) => RunOf(id).Approve(by, note);

    /// <summary>
    /// Aborts a deployment that has not finished its switch: waiting for approval, still updating or smoke-testing
    /// (the work in progress is cancelled), or switching (the outgoing servers take traffic again).
    /// </summary>
    public DeploymentRecord Abort(string id, string by, string? note) => RunOf(id).Abort(by, note);

    /// <summary>
    /// Rolls back the environment's latest switched deployment in the background: the previous group takes traffic
    /// again. Everything that can refuse it is checked before anything changes (the rules, the environment being
    /// free, the previous group still running the previous version): a refusal throws
    /// <see cref="DeploymentRejectedException"/>, is recorded as an event on the deployment, and leaves its state as it was.
    /// </summary>
    public async Task<DeploymentRecord> RollbackAsync(string id, string by, CancellationToken cancellationToken)
    {
        // A deployment being watched rolls itself back: ask its watch. If the watch has just ended, the run still holds
        // the environment and the claim below refuses (recorded like any refusal).
        if (_runs.TryGetValue(id, out var active) && active.State == DeploymentState.Watching)
        {
            try
            {
                return active.RequestRollback(by);
            }
            catch (DeploymentRejectedException)
            {
                // Moved on from the watch meanwhile: checked below as a stored deployment.
            }
        }
        var record = store.Find(id) ?? throw NotFound(id);
        Refuse(record, DeploymentRules.Refusal(record, DeploymentAction.Rollback, store.LatestSwitchedId(record.Environment)));
        var environment = catalog.Find(record.Environment)
            ?? throw Refused(record, $"Environment {record.Environment} is no longer configured; there are no servers to roll back on.");
        var actions = ActionsOf(environment.Name);
        await actions.WaitAsync(cancellationToken).ConfigureAwait(false);
        EnvironmentClaim? claim = null;
        try
        {
            try
            {
                claim = await locks.ClaimAsync(environment.Name, Owner(id, $"the rollback of {record.Version}"), s_rollbackWait, cancellationToken).ConfigureAwait(false);
            }
            catch (EnvironmentBusyException ex)
            {
                throw Refused(record, ex.Message, ex.Owner?.Id);
            }
            // Re-read: another action may have changed it since.
            record = store.Find(id) ?? throw NotFound(id);
            Refuse(record, DeploymentRules.Refusal(record, DeploymentAction.Rollback, store.LatestSwitchedId(record.Environment)));
            Refuse(record, await StandbyRefusalAsync(record, environment, cancellationToken).ConfigureAwait(false));
            // Its error (if it failed or was interrupted) described what the rollback now repairs: kept as a warning.
            var run = new DeploymentRun(record with
            {
                Error = null,
                Warnings = record.Error is { } error ? [.. record.Warnings, $"Before the rollback: {error}"] : record.Warnings,
            }, environment, store, timeProvider) { Claim = claim };
            run.Warn($"Manual rollback requested by {by}.");
            run.MoveTo(DeploymentState.RollingBack, $"manual rollback by {by}");
            _runs[id] = run;
            claim = null;
            run.Execution = Task.Run(() => ExecuteAsync(run, ManualRollbackAsync));
            return run.Record;
        }
        finally
        {
            claim?.Dispose();
            actions.Release();
        }
    }

    /// <summary>Closes an interrupted or failed deployment after an operator checked the real state.</summary>
    public async Task<DeploymentRecord> MarkResolvedAsync(string id, string by, string? note, CancellationToken cancellationToken)
    {
        var record = store.Find(id) ?? throw NotFound(id);
        var environment = catalog.Find(record.Environment) ?? new EnvironmentOptions { Name = record.Environment };
        // Held for the check and the move, so a rollback of the same deployment cannot start in between.
        var actions = ActionsOf(environment.Name);
        await actions.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            record = store.Find(id) ?? throw NotFound(id);
            if (DeploymentRules.Refusal(record, DeploymentAction.Resolve, latestSwitchedId: null) is { } refusal)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, refusal);
            }
            var resolution = $"Marked resolved by {by}{(string.IsNullOrWhiteSpace(note) ? "" : ": " + note)}";
            var run = new DeploymentRun(record, environment, store, timeProvider);
            run.Warn(resolution);
            return run.MoveTo(DeploymentState.Resolved, resolution);
        }
        finally
        {
            actions.Release();
        }
    }

    private static EnvironmentOwner Owner(string id, string what) => new(OwnerKind, id, $"deployment {id} ({what})");

    private EnvironmentClaim Claim(string environment, string id, string version)
    {
        var deadline = timeProvider.GetUtcNow() + s_startWait;
        while (true)
        {
            try
            {
                return locks.Claim(environment, Owner(id, version), s_startWait);
            }
            catch (EnvironmentBusyException ex) when (ex.Owner is { Kind: OwnerKind } owner && IsEnding(owner.Id) && timeProvider.GetUtcNow() < deadline)
            {
                // Its final state is stored and published, and it is releasing the environment: a client that saw the
                // final state and starts the next deployment at once waits these few milliseconds instead of a 409.
                Thread.Sleep(10);
            }
            catch (EnvironmentBusyException ex)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, ex.Message, runningId: ex.Owner?.Id);
            }
        }
    }

    /// <summary>Whether the run <paramref name="id"/> has reached a final state and is only cleaning up.</summary>
    private bool IsEnding(string id) => _runs.TryGetValue(id, out var run) && !DeploymentStateMachine.IsActive(run.State);

    private SemaphoreSlim ActionsOf(string environment) => _actions.GetOrAdd(environment, _ => new SemaphoreSlim(1, 1));

    private DeploymentRun RunOf(string id)
        => _runs.TryGetValue(id, out var run)
            ? run
            : store.Find(id) is { } record
                ? throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {id} is {record.State}; it is not running.")
                : throw NotFound(id);

    /// <summary>Why the previous group cannot take traffic back, or null: every server of it must still run the previous version.</summary>
    private async Task<string?> StandbyRefusalAsync(DeploymentRecord record, EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var from = record.FromGroup!.Value;
        var versions = await versionProbe.ReadVersionsAsync(environment, cancellationToken).ConfigureAwait(false);
        var wrong = Servers(environment, from).Where(s => versions.GetValueOrDefault(s.Name) is not { } v || v != record.PreviousVersion).ToList();
        return record.PreviousVersion is not null && wrong.Count == 0
            ? null
            : $"Cannot roll back: {from} must still run {record.PreviousVersion ?? "the previous version"}, but " +
              string.Join(", ", wrong.Select(s => $"{s.Name} runs {versions.GetValueOrDefault(s.Name) ?? "nothing that answers"}")) +
              ". Deploy the previous version instead.";
    }

    private void Refuse(DeploymentRecord record, string? refusal)
    {
        if (refusal is not null)
        {
            throw Refused(record, refusal);
        }
    }

    /// <summary>A refused rollback: an event and a log line on the deployment, its state untouched.</summary>
    private DeploymentRejectedException Refused(DeploymentRecord record, string reason, string? runningId = null)
    {
        store.AddEvent(new DeploymentEvent { Environment = record.Environment, DeploymentId = record.Id, At = timeProvider.GetUtcNow(), Kind = DeploymentEventKind.RollbackRefused, Message = reason });
        store.AddLog(new DeploymentLogLine { DeploymentId = record.Id, At = timeProvider.GetUtcNow(), IsError = true, Text = $"Rollback refused: {reason}" });
        LogRollbackRefused(record.Id, reason);
        return new DeploymentRejectedException(DeploymentRejection.Conflict, reason, runningId: runningId);
    }

    private static DeploymentRejectedException NotFound(string id) => new(DeploymentRejection.NotFound, $"There is no deployment '{id}'.");

    /// <summary>How often, and how long, the final state of a run whose save failed is tried again.</summary>
    internal static readonly TimeSpan StoreRetryInterval = TimeSpan.FromSeconds(5);
    internal static readonly TimeSpan StoreRetryFor = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Runs a procedure; whatever happens, the record ends in a final state with the reason, and the claim ends. When
    /// the data file cannot be written (disk full), the environment is freed all the same, and the final state is
    /// stored as soon as the file can be written again (tried every few seconds, in the background).
    /// </summary>
    private async Task ExecuteAsync(DeploymentRun run, Func<DeploymentRun, CancellationToken, Task> procedure)
    {
        Ending? ending = null;
        var stored = true;
        try
        {
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation.Token, _stopping.Token))
            {
                try
                {
                    await procedure(run, linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    ending = new(DeploymentState.Interrupted, $"The dashboard stopped while this deployment was {run.State}.", "The dashboard is stopping; this deployment is interrupted.");
                }
                catch (OperationCanceledException)
                {
                    var by = run.AbortedBy?.By ?? "an operator";
                    ending = new(DeploymentState.Aborted, $"Aborted by {by} while {run.State}; the live group did not change.", $"Aborted by {by}.");
                }
                catch (Exception ex)
                {
                    LogFailed(ex, run.Id);
                    ending = new(DeploymentState.Failed, ex.Message, ex.Message);
                }
            }
            stored = TryEnd(run, ending, writeLog: true);
        }
        finally
        {
            LogFinished(run.Id, run.State);
            _runs.TryRemove(run.Id, out _);
            run.Claim?.Dispose();
            run.Cancellation.Dispose();
        }
        if (!stored)
        {
            await StoreLaterAsync(run, ending).ConfigureAwait(false);
        }
    }

    /// <summary>How a run ended when its procedure did not end it: the state, its reason, and the log line that says so.</summary>
    private sealed record Ending(DeploymentState State, string Reason, string LogLine);

    /// <summary>Stores how the run ended; false (logged, naming the file) when the data file cannot be written.</summary>
    private bool TryEnd(DeploymentRun run, Ending? ending, bool writeLog)
    {
        if (ending is null)
        {
            // The procedure ended the run itself (a failed save of that end would have thrown into an ending).
            return true;
        }
        try
        {
            if (writeLog)
            {
                try
                {
                    run.Log(ending.LogLine, isError: true);
                }
                catch (Exception ex) when (IsStorageFailure(ex))
                {
                    // The line is lost; the state below matters more.
                }
            }
            TryMove(run, ending.State, ending.Reason);
            return true;
        }
        catch (Exception ex) when (IsStorageFailure(ex))
        {
            LogNotStored(ex, run.Id, run.State, ex.Message);
            return false;
        }
    }

    /// <summary>Tries the final save again every <see cref="StoreRetryInterval"/> for up to <see cref="StoreRetryFor"/>
    /// (a record still active in the file is marked Interrupted at the next start if this gives up).</summary>
    private async Task StoreLaterAsync(DeploymentRun run, Ending? ending)
    {
        var deadline = timeProvider.GetUtcNow() + StoreRetryFor;
        while (timeProvider.GetUtcNow() < deadline && !_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StoreRetryInterval, timeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (TryEnd(run, ending, writeLog: false))
            {
                LogStoredLater(run.Id, run.State);
                return;
            }
        }
    }

    // The data file's failures come as DataFileException (an IOException) from BlueGreenDatabase; a query enumerated
    // outside it may still throw a plain IOException. Any other exception is a bug, not a reason to retry.
    private static bool IsStorageFailure(Exception ex) => ex is IOException;

    private static void TryMove(DeploymentRun run, DeploymentState to, string reason)
    {
        if (DeploymentStateMachine.CanMove(run.State, to))
        {
            run.MoveTo(to, reason);
        }
        else if (DeploymentStateMachine.IsActive(run.State))
        {
            run.MoveTo(DeploymentState.Interrupted, reason);
        }
        else if (run.Unsaved)
        {
            // A final state reached in memory whose save failed: store it now.
            run.StoreAgain();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deployment {Id} ended {State} but could not be stored: {Reason} The environment is free; the state is stored when the file can be written again.")]
    private partial void LogNotStored(Exception exception, string id, DeploymentState state, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id}: its final state {State} is stored now")]
    private partial void LogStoredLater(string id, DeploymentState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id}: {Version} to {Environment} ({Strategy}) requested by {By}")]
    private partial void LogStarting(string id, string environment, string version, DeploymentStrategy strategy, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Id} finished: {State}")]
    private partial void LogFinished(string id, DeploymentState state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Id} failed")]
    private partial void LogFailed(Exception exception, string id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Id} on {Environment} was interrupted in {State} by a previous stop")]
    private partial void LogInterrupted(string id, string environment, DeploymentState state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rollback of deployment {Id} refused: {Reason}")]
    private partial void LogRollbackRefused(string id, string reason);
}
