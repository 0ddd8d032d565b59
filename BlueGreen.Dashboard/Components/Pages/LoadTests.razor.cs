using BlueGreen.Core.LoadTesting;
using BlueGreen.Dashboard.Components.Dialogs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Load-test history and status, updated live; starts and deletes load tests.</summary>
public sealed partial class LoadTests : LivePage
{
    private IReadOnlyList<LoadTestRecord> _tests = [];
    private string? _error;

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    protected override void OnInitialized()
    {
        var subscription = Service.Subscribe();
        _tests = Service.List();
        Follow(subscription, _ =>
        {
            _tests = Service.List();
            return true;
        });
    }

    private async Task OpenNewLoadTest()
    {
        var dialog = await Dialogs.ShowAsync<NewLoadTestDialog>("New load test", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string id })
        {
            Navigation.NavigateTo($"loadtests/{id}");
        }
    }

    private async Task DeleteAsync(LoadTestRecord test)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete load test",
            $"Delete the load test of {test.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} and all its samples? This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        try
        {
            Service.Delete(test.Id);
            _tests = Service.List();
            _error = null;
        }
        catch (LoadTestRejectedException ex)
        {
            _error = ex.Message;
        }
    }

    internal static Color StateColor(LoadTestState state) => state switch
    {
        LoadTestState.Completed => Color.Success,
        LoadTestState.Running => Color.Info,
        LoadTestState.Stopped => Color.Warning,
        _ => Color.Error,
    };
}
