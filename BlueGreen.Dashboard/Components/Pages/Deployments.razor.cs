using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Dashboard.Components.Dialogs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Deployment history with filters, updated live; starts new deployments.</summary>
public sealed partial class Deployments : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private Subscription<DeploymentChange>? _subscription;
    private IReadOnlyList<DeploymentRecord> _deployments = [];
    private string? _environmentFilter;
    private DeploymentState? _stateFilter;

    [Inject]
    public required DeploymentStore Store { get; init; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private IEnumerable<DeploymentRecord> Filtered => _deployments
        .Where(d => _environmentFilter is null || d.Environment == _environmentFilter)
        .Where(d => _stateFilter is null || d.State == _stateFilter);

    protected override void OnInitialized()
    {
        // Subscribe before reading, so a change in between is not lost.
        _subscription = Store.Subscribe();
        _deployments = Store.List();
        _ = RefreshOnChangesAsync(_subscription, _cts.Token);
    }

    private async Task RefreshOnChangesAsync(Subscription<DeploymentChange> subscription, CancellationToken cancellationToken)
    {
        try
        {
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                var changed = false;
                while (subscription.Reader.TryRead(out var change))
                {
                    changed |= change.Record is not null;
                }
                if (changed)
                {
                    await InvokeAsync(() =>
                    {
                        _deployments = Store.List();
                        StateHasChanged();
                    });
                }
                // At most a few refreshes a second.
                await Task.Delay(250, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task OpenNewDeployment()
    {
        var parameters = new DialogParameters<NewDeploymentDialog> { { d => d.Environment, _environmentFilter } };
        var dialog = await Dialogs.ShowAsync<NewDeploymentDialog>("New deployment", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string id })
        {
            Navigation.NavigateTo($"deployments/{id}");
        }
    }

    private void Open(DeploymentRecord? record)
    {
        if (record is not null)
        {
            Navigation.NavigateTo($"deployments/{record.Id}");
        }
    }

    internal static string Format(TimeSpan duration)
        => duration.TotalSeconds < 60 ? $"{duration.TotalSeconds:0.0} s" : $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s";

    public void Dispose()
    {
        _cts.Cancel();
        _subscription?.Dispose();
        _cts.Dispose();
    }
}
