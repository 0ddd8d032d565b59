using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Status;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>One deployment, live: steps, smoke results, switch audit, servers' HAProxy states, the log, and the
/// operator's actions (promote, abort, roll back, mark resolved), each behind a confirmation.</summary>
public sealed partial class DeploymentDetail : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private Subscription<DeploymentChange>? _changes;
    private Subscription<EnvironmentStatus>? _statuses;
    private DeploymentRecord? _record;
    private EnvironmentStatus? _status;
    private List<DeploymentLogLine> _logs = [];
    private string _logFilter = "";
    private string? _note;
    private string? _actionError;
    private TimeSpan? _typical;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required DeploymentStore Store { get; init; }

    [Inject]
    public required DeploymentEngine Engine { get; init; }

    [Inject]
    public required EnvironmentStatusStore Status { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    private bool CanAbort => _record?.State is DeploymentState.AwaitingApproval or DeploymentState.Pending or DeploymentState.PreparingIdle
        or DeploymentState.Updating or DeploymentState.SmokeTesting;

    private bool CanRollback => _record is { FromGroup: not null } r && r.State is DeploymentState.Succeeded or DeploymentState.Watching
        or DeploymentState.Interrupted or DeploymentState.Failed
        && !(r.State == DeploymentState.Succeeded && r.Strategy == DeploymentStrategy.TwoPhase);

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshots (OnParametersSet), so no change falls in between.
        _changes = Store.Subscribe();
        _statuses = Status.Subscribe();
        _ = FollowDeploymentAsync(_changes, _cts.Token);
        _ = FollowStatusAsync(_statuses, _cts.Token);
    }

    protected override void OnParametersSet()
    {
        _record = Store.Find(Id);
        _logs = [.. Store.Logs(Id)];
        _status = _record is null ? null : Status.Get(_record.Environment);
        _typical = _record is null ? null : DeploymentEstimate.Typical(_record, Store.List(_record.Environment, limit: 50));
    }

    /// <summary>While it runs (not while it waits for a person): how long it usually takes and when it should end.</summary>
    private string? Estimate()
    {
        if (_record is null || _typical is not { } typical || !DeploymentStateMachine.IsActive(_record.State) || _record.State == DeploymentState.AwaitingApproval)
        {
            return null;
        }
        var eta = _record.CreatedAt + typical;
        return DateTimeOffset.UtcNow <= eta
            ? $"usually {Deployments.Format(typical)} · ETA {eta.ToLocalTime():HH:mm:ss}"
            : $"longer than usual ({Deployments.Format(typical)})";
    }

    private async Task FollowDeploymentAsync(Subscription<DeploymentChange> subscription, CancellationToken cancellationToken)
    {
        try
        {
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                var changed = false;
                while (subscription.Reader.TryRead(out var change))
                {
                    if (change.DeploymentId != Id)
                    {
                        continue;
                    }
                    if (change.Record is { } record)
                    {
                        _record = record;
                        changed = true;
                    }
                    // A line can be both in the snapshot and on the stream (subscribed first); keep it once.
                    if (change.Log is { } log && _logs.All(l => l.Id != log.Id))
                    {
                        _logs.Add(log);
                        changed = true;
                    }
                }
                if (changed)
                {
                    await InvokeAsync(StateHasChanged);
                }
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task FollowStatusAsync(Subscription<EnvironmentStatus> subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var status in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                if (status.Name == _record?.Environment)
                {
                    await InvokeAsync(() =>
                    {
                        _status = status;
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task Promote() => ActAsync("Promote", $"Switch traffic to {_record!.ToGroup} with {_record.Version}?", () => Engine.Approve(Id, "operator", _note));

    private Task Abort() => ActAsync("Abort", $"Abort the deployment of {_record!.Version}? The live group stays as it is.", () => Engine.Abort(Id, "operator", _note));

    private Task Rollback() => ActAsync("Roll back",
        $"Roll back to {_record!.FromGroup} ({_record.PreviousVersion})? It must still run that version; it takes traffic before {_record.ToGroup} is drained.",
        () => Engine.Rollback(Id, "operator"));

    private Task Resolve() => ActAsync("Mark resolved", "Mark this deployment resolved? Do this only after checking the servers' real state.", () => Engine.MarkResolved(Id, "operator", _note));

    private async Task ActAsync(string action, string question, Func<DeploymentRecord> act)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(action, question, yesText: action, cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        try
        {
            _record = act();
            _actionError = null;
        }
        catch (DeploymentRejectedException ex)
        {
            _actionError = ex.Message;
        }
    }

    private static string StepIcon(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Succeeded => Icons.Material.Filled.CheckCircle,
        StepOutcome.Failed => Icons.Material.Filled.Error,
        StepOutcome.Skipped => Icons.Material.Filled.RemoveCircleOutline,
        _ => Icons.Material.Filled.HourglassTop,
    };

    private static Color StepColor(StepOutcome outcome) => outcome switch
    {
        StepOutcome.Succeeded => Color.Success,
        StepOutcome.Failed => Color.Error,
        _ => Color.Info,
    };

    public void Dispose()
    {
        _cts.Cancel();
        _changes?.Dispose();
        _statuses?.Dispose();
        _cts.Dispose();
    }
}
