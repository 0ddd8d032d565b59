using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Core.Streams;
using BlueGreen.Core.Switching;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Which group is live in each environment, the site board and the load balancers, updated live.</summary>
public sealed partial class Overview : LivePage
{
    private List<EnvironmentStatus> _statuses = [];
    private string? _actionError;

    [Inject]
    public required EnvironmentStatusStore Store { get; init; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

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
        // A user who may not is not asked, only refused (and the refusal audited).
        if (Access.Can(Permission.Deploy) && await Dialogs.ShowMessageBoxAsync($"Set {server} {name}",
                $"Set {server} in {environment} to {name} on every load balancer? {consequence}",
                yesText: $"Set {name}", cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            await Access.RunAsync(Permission.Deploy, "environment.server-state", environment, server,
                () => ServerControl.SetStateAsync(environment, server, state, Access.Name, PageClosed));
            _actionError = null;
            Snackbar.Add($"{server} set {name} on every load balancer of {environment}.", Severity.Success);
        }
        catch (Exception ex) when (ex is LoadBalancerException or SwitchException or EnvironmentBusyException or ArgumentException or AccessDeniedException)
        {
            _actionError = ex.Message;
            Snackbar.Add($"{server} was not changed: {ex.Message}", Severity.Error);
        }
    }

    private string Ago(DateTimeOffset at)
    {
        var seconds = Math.Max(0, (Time.GetUtcNow() - at).TotalSeconds);
        return seconds < 2 ? "just now" : seconds < 120 ? $"{seconds:0} s ago" : at.ToLocalTime().ToString("HH:mm:ss");
    }
}
