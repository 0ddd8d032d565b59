using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Status;
using BlueGreen.Core.LoadBalancing;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Which group is live in each environment, the site board and the load balancers, updated live.</summary>
public sealed partial class Overview : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private Subscription<EnvironmentStatus>? _subscription;
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

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot: an update published in between is then in the stream, not lost.
        _subscription = Store.Subscribe();
        _statuses = Catalog.All
            .Select(e => Store.Get(e.Name) ?? EnvironmentStatusBuilder.Build(e, [], new Dictionary<string, string?>(), Time.GetUtcNow()))
            .ToList();
        _ = ConsumeAsync(_subscription, _cts.Token);
    }

    private async Task ConsumeAsync(Subscription<EnvironmentStatus> subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var status in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                var index = _statuses.FindIndex(s => string.Equals(s.Name, status.Name, StringComparison.OrdinalIgnoreCase));
                if (index < 0)
                {
                    continue;
                }
                await InvokeAsync(() =>
                {
                    _statuses[index] = status;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
            // The page was closed.
        }
    }

    private async Task SetStateAsync(string environment, string server, AdminState state)
    {
        var consequence = state switch
        {
            AdminState.Ready => "It will take new traffic once HAProxy's health checks pass.",
            AdminState.Drain => "It finishes its current sessions and takes no new ones.",
            _ => "It stops taking traffic at once; open sessions are cut.",
        };
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Set {server} {state.ToString().ToUpperInvariant()}",
            $"Set {server} in {environment} to {state.ToString().ToUpperInvariant()} on every load balancer? {consequence}",
            yesText: $"Set {state.ToString().ToUpperInvariant()}", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        try
        {
            await ServerControl.SetStateAsync(environment, server, state, "operator", _cts.Token);
            _actionError = null;
        }
        catch (Exception ex) when (ex is LoadBalancerException or BlueGreen.Core.Switching.SwitchException or ArgumentException)
        {
            _actionError = ex.Message;
        }
    }

    private string Ago(DateTimeOffset at)
    {
        var seconds = Math.Max(0, (Time.GetUtcNow() - at).TotalSeconds);
        return seconds < 2 ? "just now" : seconds < 120 ? $"{seconds:0} s ago" : at.ToLocalTime().ToString("HH:mm:ss");
    }

    public void Dispose()
    {
        _cts.Cancel();
        _subscription?.Dispose();
        _cts.Dispose();
    }
}
