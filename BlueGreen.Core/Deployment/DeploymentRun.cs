using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// The engine's handle on one running deployment: its record (changed only through these methods, under one
/// lock, saved after every change), its cancellation and its approval gate.
/// </summary>
internal sealed class DeploymentRun(DeploymentRecord record, EnvironmentOptions environment, DeploymentStore store, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<ApprovalDecision> _approval = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _rollbackRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeploymentRecord Record => record;
    public EnvironmentOptions Environment => environment;
    public CancellationTokenSource Cancellation { get; } = new();
    public Task<ApprovalDecision> Approval => _approval.Task;
    public Task? Execution { get; set; }

    /// <summary>Completes when an operator asks for a rollback while the switch is being watched.</summary>
    public Task<string> RollbackRequested => _rollbackRequest.Task;

    public void RequestRollback(string by) => _rollbackRequest.TrySetResult(by);

    public DeploymentState State
    {
        get
        {
            lock (_lock)
            {
                return record.State;
            }
        }
    }

    /// <summary>Moves the state (checked by the state machine), stores the transition and publishes the record.</summary>
    public void MoveTo(DeploymentState to, string? reason = null)
    {
        lock (_lock)
        {
            DeploymentStateMachine.EnsureCanMove(record.State, to);
            var now = timeProvider.GetUtcNow();
            record.Transitions.Add(new StateChange { From = record.State, To = to, At = now, Reason = reason });
            if (to == DeploymentState.Interrupted)
            {
                record.InterruptedIn = record.State;
            }
            record.State = to;
            record.UpdatedAt = now;
            if (!DeploymentStateMachine.IsActive(to))
            {
                // The event goes first: whoever sees the final state also finds the Finished event.
                Event(DeploymentEventKind.Finished, $"{record.Version}: {to}");
                record.FinishedAt = now;
                if (reason is not null && to is DeploymentState.Failed or DeploymentState.Interrupted or DeploymentState.RolledBack or DeploymentState.Aborted)
                {
                    record.Error ??= reason;
                }
            }
            store.Save(record);
        }
    }

    /// <summary>Moves to <paramref name="to"/> unless already there (a group is updated twice in TwoPhase).</summary>
    public void MoveToIfNeeded(DeploymentState to)
    {
        if (State != to && State != DeploymentState.UpdatingRest)
        {
            MoveTo(to);
        }
    }

    /// <summary>Changes the record in some other way (steps, results) and saves it.</summary>
    public void Update(Action<DeploymentRecord> change)
    {
        lock (_lock)
        {
            change(record);
            record.UpdatedAt = timeProvider.GetUtcNow();
            store.Save(record);
        }
    }

    public DeploymentStep BeginStep(string name)
    {
        DeploymentStep step = null!;
        Update(r =>
        {
            step = new DeploymentStep { Index = r.Steps.Count, Name = name, Outcome = StepOutcome.Running, StartedAt = timeProvider.GetUtcNow() };
            r.Steps.Add(step);
        });
        return step;
    }

    public void EndStep(DeploymentStep step, StepOutcome outcome, string? detail = null)
        => Update(_ =>
        {
            step.Outcome = outcome;
            step.FinishedAt = timeProvider.GetUtcNow();
            step.Detail = detail ?? step.Detail;
        });

    public ValueTask LogAsync(string text, string server = "", bool isError = false)
    {
        store.AddLog(new DeploymentLogLine { DeploymentId = record.Id, At = timeProvider.GetUtcNow(), Server = server, IsError = isError, Text = text });
        return ValueTask.CompletedTask;
    }

    public void Event(DeploymentEventKind kind, string message)
        => store.AddEvent(new DeploymentEvent { Environment = record.Environment, DeploymentId = record.Id, At = timeProvider.GetUtcNow(), Kind = kind, Message = message });

    public bool Decide(ApprovalDecision decision) => _approval.TrySetResult(decision);
}
