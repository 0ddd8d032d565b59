using BlueGreen.Core.Deployment;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>One deployment, live: steps, smoke results, switch audit, servers' HAProxy states, the log, and the
/// operator's actions (promote, abort, roll back, mark resolved) as the deployment allows them
/// (<see cref="DeploymentRecord.AllowedActions"/>), each behind a confirmation and answered by a toast.</summary>
public sealed partial class DeploymentDetail : LivePage
{
    private DeploymentRecord? _record;
    private EnvironmentStatus? _status;
    // The end of the log (the page shows at most ShownLines; earlier lines on request).
    private List<DeploymentLogLine> _logs = [];
    private readonly HashSet<long> _logIds = [];
    private int _earlierLines;

    /// <summary>Lines read at first, and per "earlier lines" click.</summary>
    internal const int LogPageLines = 1000;

    /// <summary>Most lines the page holds; the oldest give way to new ones.</summary>
    internal const int ShownLines = 5000;
    private string _logFilter = "";
    private string? _note;
    private string? _actionError;
    private bool _acting;
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

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    private bool Allows(DeploymentAction action) => !_acting && _record?.AllowedActions.Contains(action) == true;

    /// <summary>Why a deployment that switched cannot be rolled back now (shown on the disabled button), or null.</summary>
    private string? RollbackRefusal => _record is { } r && DeploymentRules.HasSwitched(r) && !r.AllowedActions.Contains(DeploymentAction.Rollback)
        && !DeploymentStateMachine.IsActive(r.State)
            ? DeploymentRules.Refusal(r, DeploymentAction.Rollback, Store.LatestSwitchedId(r.Environment))
            : null;

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshots, so no change falls in between (a repeat is applied harmlessly).
        var changes = Store.Subscribe(Id);
        var statuses = Status.Subscribe();
        Load();
        Follow(changes, Apply);
        Follow(statuses, batch =>
        {
            if (_record is not null && batch.Items.LastOrDefault(s => s.Name == _record.Environment) is { } status)
            {
                _status = status;
                return true;
            }
            return false;
        });
    }

    private void Load()
    {
        _record = Store.Find(Id);
        _logs = [.. Store.LogsBefore(Id, long.MaxValue, LogPageLines)];
        _earlierLines = _logs.Count == 0 ? 0 : Store.LogCount(Id, _logs[0].Id);
        _logIds.Clear();
        _logIds.UnionWith(_logs.Select(l => l.Id));
        _status = _record is null ? null : Status.Get(_record.Environment);
        _typical = _record is null ? null : DeploymentEstimate.Typical(_record, Store.List(_record.Environment, limit: 50));
    }

    private bool Apply(StreamBatch<DeploymentChange> batch)
    {
        if (batch.Missed)
        {
            Load();
            return true;
        }
        var changed = false;
        foreach (var change in batch.Items)
        {
            if (change.Record is { } record)
            {
                _record = record;
                changed = true;
            }
            if (change.Log is { } log && _logIds.Add(log.Id))
            {
                _logs.Add(log);
                if (_logs.Count > ShownLines)
                {
                    _logIds.Remove(_logs[0].Id);
                    _logs.RemoveAt(0);
                    _earlierLines++;
                }
                changed = true;
            }
        }
        return changed;
    }

    private void ShowEarlierLines()
    {
        if (_logs.Count == 0)
        {
            return;
        }
        var page = Store.LogsBefore(Id, _logs[0].Id, LogPageLines);
        _logs.InsertRange(0, page);
        _logIds.UnionWith(page.Select(l => l.Id));
        _earlierLines = _logs.Count == 0 ? 0 : Store.LogCount(Id, _logs[0].Id);
    }

    /// <summary>While it runs (not while it waits for a person): how long it usually takes and when it should end.</summary>
    private string? Estimate()
    {
        if (_record is null || _typical is not { } typical || !DeploymentStateMachine.IsActive(_record.State) || _record.State == DeploymentState.AwaitingApproval)
        {
            return null;
        }
        var eta = _record.CreatedAt + typical;
        return Time.GetUtcNow() <= eta
            ? $"usually {Deployments.Format(typical)} · ETA {eta.ToLocalTime():HH:mm:ss}"
            : $"longer than usual ({Deployments.Format(typical)})";
    }

    private Task Promote() => ActAsync("Promote", "deployment.approve", $"Switch traffic to {_record!.ToGroup} with {_record.Version}?",
        () => Task.FromResult(Engine.Approve(Id, Access.Name, _note)), $"Promoted: switching to {_record.ToGroup}.");

    private Task Abort() => ActAsync("Abort", "deployment.abort",
        _record!.State == DeploymentState.Switching
            ? $"Abort the switch to {_record.Version}? {_record.FromGroup} takes traffic again and {_record.ToGroup} goes back to maintenance."
            : $"Abort the deployment of {_record.Version}? The live group stays as it is.",
        () => Task.FromResult(Engine.Abort(Id, Access.Name, _note)), "Abort requested.");

    private Task Rollback() => ActAsync("Roll back", "deployment.rollback",
        $"Roll back to {_record!.FromGroup} ({_record.PreviousVersion})? It must still run that version; it takes traffic before {_record.ToGroup} is drained.",
        () => Engine.RollbackAsync(Id, Access.Name, PageClosed), $"Rolling back to {_record.FromGroup}.");

    private Task Resolve() => ActAsync("Mark resolved", "deployment.resolve", "Mark this deployment resolved? Do this only after checking the servers' real state.",
        () => Engine.MarkResolvedAsync(Id, Access.Name, _note, PageClosed), "Marked resolved.");

    /// <summary>Asks, then does <paramref name="act"/> through <see cref="AccessContext.RunAsync{T}"/> (audited as
    /// <paramref name="audit"/>); a user without the permission is not asked, only refused.</summary>
    private async Task ActAsync(string action, string audit, string question, Func<Task<DeploymentRecord>> act, string done)
    {
        if (Access.Can(Permission.Deploy) && await Dialogs.ShowMessageBoxAsync(action, question, yesText: action, cancelText: "Cancel") != true)
        {
            return;
        }
        _acting = true;
        try
        {
            var record = await Access.RunAsync(Permission.Deploy, audit, _record?.Environment, Id, act);
            // The stream may have brought a newer one already.
            if (_record is null || record.UpdatedAt >= _record.UpdatedAt)
            {
                _record = record;
            }
            _actionError = null;
            Snackbar.Add(done, Severity.Success);
        }
        catch (Exception ex) when (ex is DeploymentRejectedException or AccessDeniedException)
        {
            _actionError = ex.Message;
            Snackbar.Add($"{action} refused: {ex.Message}", Severity.Error);
        }
        finally
        {
            _acting = false;
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
}
