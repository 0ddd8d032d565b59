using BlueGreen.Core.Environments;
using BlueGreen.Core.Switching;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// The engine's handle on one running deployment: its current record (immutable; every change makes a new one under
/// one lock, stores it and publishes it), its claim on the environment, its abort, its approval gate and its
/// rollback request. Operator actions check the state and change it inside the same lock, so two of them cannot
/// both pass the check.
/// </summary>
internal sealed class DeploymentRun(DeploymentRecord record, EnvironmentOptions environment, DeploymentStore store, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<ApprovalDecision> _approval = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _rollbackRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DeploymentRecord _record = record;

    /// <summary>The record now (immutable).</summary>
    public DeploymentRecord Record
    {
        get
        {
            lock (_lock)
            {
                return _record;
            }
        }
    }

    public string Id { get; } = record.Id;

    public EnvironmentOptions Environment => environment;

    /// <summary>Cancelled by an operator's abort (the dashboard stopping has its own token).</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Who aborted, once someone did.</summary>
    public ApprovalDecision? AbortedBy { get; private set; }

    public Task<ApprovalDecision> Approval => _approval.Task;

    /// <summary>The environment, held until the run ends.</summary>
    public EnvironmentClaim? Claim { get; init; }

    public Task? Execution { get; set; }

    /// <summary>Completes when an operator asks for a rollback while the switch is being watched.</summary>
    public Task<string> RollbackRequested => _rollbackRequest.Task;

    public DeploymentState State => Record.State;

    /// <summary>Moves the state (checked by the state machine), stores the transition and publishes the record.</summary>
    /// <param name="to">The new state.</param>
    /// <param name="reason">Why; for a final state also its <see cref="DeploymentRecord.Summary"/>.</param>
    /// <param name="error">For a final state: what went wrong, when it is not simply <paramref name="reason"/>
    /// (Failed, Aborted and Interrupted take the reason as their error; other final states have none unless given).</param>
    public DeploymentRecord MoveTo(DeploymentState to, string? reason = null, string? error = null)
    {
        lock (_lock)
        {
            return MoveToCore(to, reason, error);
        }
    }

    /// <summary>Moves to <paramref name="to"/> unless an operator aborted first (checked in the same lock as the abort).</summary>
    public bool MoveToUnlessAborted(DeploymentState to)
    {
        lock (_lock)
        {
            if (AbortedBy is not null)
            {
                return false;
            }
            MoveToCore(to, null, null);
            return true;
        }
    }

    /// <summary>Moves to <paramref name="to"/> unless already there (a group is updated twice in TwoPhase).</summary>
    public void MoveToIfNeeded(DeploymentState to)
    {
        lock (_lock)
        {
            if (_record.State != to && _record.State != DeploymentState.UpdatingRest)
            {
                MoveToCore(to, null, null);
            }
        }
    }

    /// <summary>Changes the record in some other way (steps, results), stores and publishes it.</summary>
    public DeploymentRecord Update(Func<DeploymentRecord, DeploymentRecord> change)
    {
        lock (_lock)
        {
            return Save(change(_record));
        }
    }

    public void Warn(string warning) => Update(r => r with { Warnings = [.. r.Warnings, warning] });

    /// <summary>Adds a running step; returns its index for <see cref="EndStep"/>.</summary>
    public int BeginStep(string name)
    {
        lock (_lock)
        {
            var index = _record.Steps.Count;
            Save(_record with
            {
                Steps = [.. _record.Steps, new DeploymentStep { Index = index, Name = name, Outcome = StepOutcome.Running, StartedAt = timeProvider.GetUtcNow() }],
            });
            return index;
        }
    }

    public void EndStep(int index, StepOutcome outcome, string? detail = null)
        => Update(r => r with
        {
            Steps = [.. r.Steps.Select(s => s.Index == index
                ? s with { Outcome = outcome, FinishedAt = timeProvider.GetUtcNow(), Detail = detail ?? s.Detail }
                : s)],
        });

    public ValueTask LogAsync(string text, string server = "", bool isError = false)
    {
        Log(text, server, isError);
        return ValueTask.CompletedTask;
    }

    public void Log(string text, string server = "", bool isError = false)
        => store.AddLog(new DeploymentLogLine { DeploymentId = Id, At = timeProvider.GetUtcNow(), Server = server, IsError = isError, Text = text });

    /// <summary>True when the last change of the record could not be stored (its save threw).</summary>
    public bool Unsaved { get; private set; }

    /// <summary>Stores the record as it is in memory again (after a save that failed: the data file could not be written).</summary>
    public DeploymentRecord StoreAgain()
    {
        lock (_lock)
        {
            return Save(_record);
        }
    }

    public void Event(DeploymentEventKind kind, string message)
        => store.AddEvent(new DeploymentEvent { Environment = environment.Name, DeploymentId = Id, At = timeProvider.GetUtcNow(), Kind = kind, Message = message });

    /// <summary>Promotes a deployment waiting for approval.</summary>
    /// <exception cref="DeploymentRejectedException">It is not waiting for approval (any more), or someone decided first.</exception>
    public DeploymentRecord Approve(string by, string? note)
    {
        lock (_lock)
        {
            RefuseIfDecided();
            if (DeploymentRules.Refusal(_record, DeploymentAction.Approve, latestSwitchedId: null) is { } refusal)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, refusal);
            }
            if (environment.Deployment.RequireDistinctApprover && string.Equals(by, _record.RequestedBy, StringComparison.OrdinalIgnoreCase))
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict,
                    $"{environment.Name} requires a different person to approve: {by} started this deployment. Ask another Operator to promote it.");
            }
            var decision = new ApprovalDecision { Promoted = true, By = by, Note = note, At = timeProvider.GetUtcNow() };
            var saved = Save(_record with { Approval = decision });
            _approval.TrySetResult(decision);
            return saved;
        }
    }

    /// <summary>
    /// Aborts. Waiting for approval, it declines; before the switch, the work in progress is cancelled; during the
    /// switch (or once promoted, before it), the outgoing servers take traffic again.
    /// </summary>
    /// <exception cref="DeploymentRejectedException">Its state allows no abort (any more), or it was aborted already.</exception>
    public DeploymentRecord Abort(string by, string? note)
    {
        lock (_lock)
        {
            if (AbortedBy is { } earlier)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {Id} was aborted by {earlier.By} already.");
            }
            if (DeploymentRules.Refusal(_record, DeploymentAction.Abort, latestSwitchedId: null) is { } refusal)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, refusal);
            }
            var decision = new ApprovalDecision { Promoted = false, By = by, Note = note, At = timeProvider.GetUtcNow() };
            AbortedBy = decision;
            if (_record.State == DeploymentState.AwaitingApproval && !_approval.Task.IsCompleted)
            {
                // Declined: the procedure ends it where it waits.
                var declined = Save(_record with { Approval = decision });
                _approval.TrySetResult(decision);
                return declined;
            }
            // Running work (or a promoted switch about to start) is cancelled; the switch undoes itself.
            var saved = Save(_record with { Warnings = [.. _record.Warnings, $"Abort requested by {by}{(string.IsNullOrWhiteSpace(note) ? "" : ": " + note)}."] });
            Cancellation.Cancel();
            return saved;
        }
    }

    /// <summary>Asks the watch to roll back.</summary>
    /// <exception cref="DeploymentRejectedException">It is not being watched (any more).</exception>
    public DeploymentRecord RequestRollback(string by)
    {
        lock (_lock)
        {
            if (_record.State != DeploymentState.Watching || RollbackRequested.IsCompleted)
            {
                throw new DeploymentRejectedException(DeploymentRejection.Conflict, $"Deployment {Id} is {_record.State}, no longer being watched.");
            }
            var saved = Save(_record with { Warnings = [.. _record.Warnings, $"Manual rollback requested by {by}."] });
            _rollbackRequest.TrySetResult(by);
            return saved;
        }
    }

    /// <summary>
    /// Leaves the watch for <paramref name="to"/> unless a rollback was requested first (checked in the same lock as
    /// the request, so a request is either honoured or refused, never dropped).
    /// </summary>
    public bool MoveOnFromWatch(DeploymentState to, string? reason = null)
    {
        lock (_lock)
        {
            if (RollbackRequested.IsCompleted)
            {
                return false;
            }
            MoveToCore(to, reason, null);
            return true;
        }
    }

    private void RefuseIfDecided()
    {
        if (_approval.Task.IsCompleted)
        {
            var first = _approval.Task.Result;
            throw new DeploymentRejectedException(DeploymentRejection.Conflict,
                $"Deployment {Id} was {(first.Promoted ? "promoted" : "declined")} by {first.By} already.");
        }
    }

    private DeploymentRecord MoveToCore(DeploymentState to, string? reason, string? error)
    {
        DeploymentStateMachine.EnsureCanMove(_record.State, to);
        var now = timeProvider.GetUtcNow();
        var next = _record with
        {
            State = to,
            Transitions = [.. _record.Transitions, new StateChange { From = _record.State, To = to, At = now, Reason = reason }],
            InterruptedIn = to == DeploymentState.Interrupted ? _record.State : _record.InterruptedIn,
        };
        if (!DeploymentStateMachine.IsActive(to))
        {
            // The event goes first: whoever sees the final state also finds the Finished event.
            Event(DeploymentEventKind.Finished, $"{_record.Version}: {to}");
            next = next with
            {
                FinishedAt = now,
                Summary = reason ?? next.Summary,
                Error = error ?? (to is DeploymentState.Failed or DeploymentState.Interrupted or DeploymentState.Aborted ? reason : null) ?? next.Error,
            };
        }
        return Save(next);
    }

    // Keeps what the store published (with its allowed actions), so what the run hands out is what pages see. When the
    // save fails (the data file cannot be written), the run still knows where it is: StoreAgain stores it later.
    private DeploymentRecord Save(DeploymentRecord next)
    {
        _record = next with { UpdatedAt = timeProvider.GetUtcNow() };
        Unsaved = true;
        _record = store.Save(_record);
        Unsaved = false;
        return _record;
    }
}
