using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Core.Streams;
using BlueGreen.Core.Switching;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Which group is live in each environment, the deployment running there, the site board and the load
/// balancers, updated live.</summary>
public sealed partial class Overview : LivePage
{
    private List<EnvironmentStatus> _statuses = [];
    // Each environment's latest deployment: the running one if any (one at a time per environment, so the newest),
    // else the one that says which group should stand by.
    private readonly Dictionary<string, DeploymentRecord> _latest = new(StringComparer.OrdinalIgnoreCase);
    private string? _actionError;

    [Inject]
    public required EnvironmentStatusStore Store { get; init; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required DeploymentStore Deployments { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required ServerControl ServerControl { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot: an update published in between is then in the stream, not lost.
        var subscription = Store.Subscribe();
        _statuses = Catalog.All
            .Select(e => Store.Get(e.Name) ?? EnvironmentStatusBuilder.Build(e, [], new Dictionary<string, string?>(), Time.GetUtcNow()))
            .ToList();
        Follow(subscription, Apply);

        // Same order for deployments: subscribe, then read.
        var deployments = Deployments.SubscribeRecords();
        ReadLatestDeployments();
        Follow(deployments, ApplyDeployments);
    }

    private void ReadLatestDeployments()
    {
        foreach (var environment in Catalog.All)
        {
            if (Deployments.List(environment.Name, limit: 1) is [var latest, ..])
            {
                _latest[environment.Name] = latest;
            }
        }
    }

    private bool ApplyDeployments(StreamBatch<DeploymentChange> batch)
    {
        if (batch.Missed)
        {
            ReadLatestDeployments();
            return true;
        }
        var changed = false;
        foreach (var record in batch.Items.Select(c => c.Record).OfType<DeploymentRecord>())
        {
            // A newer deployment, or a new state of the latest; an older one's change (e.g. its rollback allowance) is not news here.
            if (!_latest.TryGetValue(record.Environment, out var held) || held.Id == record.Id || record.CreatedAt > held.CreatedAt)
            {
                _latest[record.Environment] = record;
                changed = true;
            }
        }
        return changed;
    }

    private bool Apply(StreamBatch<EnvironmentStatus> batch)
    {
        var changed = false;
        // Statuses are whole snapshots: the last one of each environment is all that counts.
        foreach (var status in batch.Items.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).Select(g => g.Last()))
        {
            var index = _statuses.FindIndex(s => string.Equals(s.Name, status.Name, StringComparison.OrdinalIgnoreCase));
            if (index >= 0 && !ReferenceEquals(_statuses[index], status))
            {
                _statuses[index] = status;
                changed = true;
            }
        }
        return changed;
    }

    private async Task SetStateAsync(string environment, string server, AdminState state)
    {
        var consequence = state switch
        {
            AdminState.Ready => "It will take new traffic once HAProxy's health checks pass.",
            AdminState.Drain => "It finishes its current sessions and takes no new ones.",
            _ => "It stops taking traffic at once; open sessions are cut.",
        };
        var name = state.ToString().ToUpperInvariant();
        await SetStatesAsync(environment, [server], state,
            $"Set {server} {name}", $"Set {server} in {environment} to {name} on every load balancer? {consequence}", $"Set {name}",
            $"{server} set {name} on every load balancer of {environment}.", $"{server} was not changed",
            // A drain or maint by hand can be taken back from its toast.
            undo: state == AdminState.Ready ? null : () => UndoAsync(environment, server));
    }

    /// <summary>"Set READY again" from a drain's or maint's toast: no second question (the click is the answer), audited as any change.</summary>
    private async Task UndoAsync(string environment, string server)
    {
        await SetStatesAsync(environment, [server], AdminState.Ready, "", "", "",
            $"{server} set READY again on every load balancer of {environment}.", $"{server} was not set READY again", confirm: false);
        await InvokeAsync(StateHasChanged);
    }

    // Both groups live by a manual change: the standby group's servers go back to MAINT, one audited action each.
    private async Task FixBothAsync(EnvironmentStory story)
    {
        if (story.Standby is not { } standby || story.StandbyServersOutOfMaint.Count == 0)
        {
            return;
        }
        var environment = story.Status.Name;
        var servers = string.Join(", ", story.StandbyServersOutOfMaint);
        await SetStatesAsync(environment, story.StandbyServersOutOfMaint, AdminState.Maint,
            $"Put {standby} back in maintenance",
            $"Set {servers} in {environment} to MAINT on every load balancer? {standby} stops taking traffic at once (open sessions on it are cut); the other group keeps serving.",
            "Set MAINT",
            $"{standby} is back in maintenance ({servers}) on every load balancer of {environment}.",
            $"{standby} was not put back in maintenance");
    }

    private async Task SetStatesAsync(string environment, IReadOnlyList<string> servers, AdminState state,
        string title, string question, string yes, string success, string failure, Func<Task>? undo = null, bool confirm = true)
    {
        // A user who may not is not asked, only refused (and the refusal audited).
        if (confirm && Access.Can(Permission.Deploy) && await Dialogs.ShowMessageBoxAsync(title, question, yesText: yes, cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            foreach (var server in servers)
            {
                await Access.RunAsync(Permission.Deploy, "environment.server-state", environment, server,
                    () => ServerControl.SetStateAsync(environment, server, state, Access.Name, PageClosed));
            }
            _actionError = null;
            if (undo is null)
            {
                Snackbar.Add(success, Severity.Success);
            }
            else
            {
                Snackbar.Add(success, Severity.Success, o =>
                {
                    o.Action = "Set READY again";
                    o.ActionColor = Color.Inherit;
                    o.OnClick = _ => undo();
                });
            }
        }
        catch (Exception ex) when (ex is LoadBalancerException or SwitchException or EnvironmentBusyException or ArgumentException or AccessDeniedException)
        {
            _actionError = ex.Message;
            Snackbar.Add($"{failure}: {ex.Message}", Severity.Error);
        }
    }

    private string Ago(DateTimeOffset at)
    {
        var seconds = Math.Max(0, (Time.GetUtcNow() - at).TotalSeconds);
        return seconds < 2 ? "just now" : seconds < 120 ? $"{seconds:0} s ago" : at.ToLocalTime().ToString("HH:mm:ss");
    }
}
