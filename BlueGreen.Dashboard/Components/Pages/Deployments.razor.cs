using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Components.Dialogs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Deployment history with filters, updated live from the deployment stream; starts new deployments.</summary>
public sealed partial class Deployments : LivePage
{
    /// <summary>Rows read when the page opens (newest first); live changes add to them.</summary>
    internal const int Shown = 200;

    private List<DeploymentRecord> _deployments = [];
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

    [Inject]
    public required TimeProvider Time { get; init; }

    private IEnumerable<DeploymentRecord> Filtered => _deployments
        .Where(d => _environmentFilter is null || d.Environment == _environmentFilter)
        .Where(d => _stateFilter is null || d.State == _stateFilter);

    /// <summary>Each environment's releases (or the filtered one's), from the deployments on the page.</summary>
    private IEnumerable<(string Environment, IReadOnlyList<Release> Releases)> Releases => Catalog.All
        .Where(e => _environmentFilter is null || e.Name == _environmentFilter)
        .Select(e => (e.Name, ReleaseHistory.Of(_deployments.Where(d => d.Environment == e.Name))));

    protected override void OnInitialized()
    {
        // Subscribe before reading, so a change in between is not lost (applying it twice is harmless).
        var subscription = Store.SubscribeRecords();
        _deployments = [.. Store.List(limit: Shown)];
        Follow(subscription, Apply);
    }

    private bool Apply(StreamBatch<DeploymentChange> batch)
    {
        if (batch.Missed)
        {
            _deployments = [.. Store.List(limit: Shown)];
            return true;
        }
        var changed = false;
        foreach (var record in batch.Items.Select(c => c.Record).OfType<DeploymentRecord>())
        {
            var index = _deployments.FindIndex(d => d.Id == record.Id);
            if (index >= 0)
            {
                _deployments[index] = record;
            }
            else
            {
                _deployments.Insert(0, record);
                if (_deployments.Count > Shown)
                {
                    _deployments.RemoveAt(_deployments.Count - 1);
                }
            }
            changed = true;
        }
        return changed;
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
}
