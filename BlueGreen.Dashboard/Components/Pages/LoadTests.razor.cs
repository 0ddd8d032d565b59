using BlueGreen.Core;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Dashboard.Components.Dialogs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Load-test history and status, updated live; starts and deletes load tests.</summary>
public sealed partial class LoadTests : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private Subscription<LoadTestChange>? _subscription;
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
        _subscription = Service.Subscribe();
        _tests = Service.List();
        _ = RefreshAsync(_subscription, _cts.Token);
    }

    private async Task RefreshAsync(Subscription<LoadTestChange> subscription, CancellationToken cancellationToken)
    {
        try
        {
            while (await subscription.Reader.WaitToReadAsync(cancellationToken))
            {
                while (subscription.Reader.TryRead(out _))
                {
                }
                await InvokeAsync(() =>
                {
                    _tests = Service.List();
                    StateHasChanged();
                });
                // A table of runs needs no more than one refresh a second.
                await Task.Delay(1000, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
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

    public void Dispose()
    {
        _cts.Cancel();
        _subscription?.Dispose();
        _cts.Dispose();
    }
}
