using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Security;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Components.Dialogs;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Load-test history and status, updated live from the load-test stream (rows carry counts, never
/// histograms); starts and deletes load tests.</summary>
public sealed partial class LoadTests : LivePage
{
    /// <summary>Rows read when the page opens (newest first); live changes add to them.</summary>
    internal const int Shown = 200;

    private List<LoadTestListItem> _tests = [];
    private string? _error;

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required DeploymentStore DeploymentStore { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading, so a change in between is not lost (applying it twice is harmless).
        var subscription = Service.Subscribe();
        // A deployment may end (or roll back) after the test that measured it: its outcome beside the loss follows.
        var deployments = DeploymentStore.SubscribeRecords();
        _tests = [.. Service.List(limit: Shown)];
        Follow(subscription, Apply);
        Follow(deployments, ApplyDeployments);
    }

    private bool ApplyDeployments(StreamBatch<DeploymentChange> batch)
    {
        var changed = false;
        foreach (var deployment in batch.Items.Select(c => c.Record).OfType<DeploymentRecord>())
        {
            for (var i = 0; i < _tests.Count; i++)
            {
                if ((_tests[i].PhaseDeploymentId ?? _tests[i].DeploymentId) == deployment.Id && _tests[i].DeploymentState != deployment.State)
                {
                    _tests[i] = _tests[i] with { DeploymentState = deployment.State };
                    changed = true;
                }
            }
        }
        return changed;
    }

    private bool Apply(StreamBatch<LoadTestChange> batch)
    {
        if (batch.Missed)
        {
            _tests = [.. Service.List(limit: Shown)];
            return true;
        }
        // Per-second changes repeat a row many times: the last one of each test is what it looks like now.
        foreach (var change in batch.Items.GroupBy(c => c.TestId).Select(g => g.Last()))
        {
            var index = _tests.FindIndex(t => t.Id == change.TestId);
            if (change.Deleted)
            {
                if (index >= 0)
                {
                    _tests.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                _tests[index] = change.Item;
            }
            else
            {
                _tests.Insert(0, change.Item);
                if (_tests.Count > Shown)
                {
                    _tests.RemoveAt(_tests.Count - 1);
                }
            }
        }
        return batch.Items.Count > 0;
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

    private async Task DeleteAsync(LoadTestListItem test)
    {
        // A user who may not is not asked, only refused (and the refusal audited).
        if (Access.Can(Permission.LoadTest) && await Dialogs.ShowMessageBoxAsync("Delete load test",
                $"Delete the load test of {test.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} and all its samples? This cannot be undone.", yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            await Access.RunAsync(Permission.LoadTest, "loadtest.delete", test.Environment, test.Id, () =>
            {
                Service.Delete(test.Id);
                return Task.CompletedTask;
            });
            _error = null;
            Snackbar.Add($"Load test of {test.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm:ss} deleted.", Severity.Success);
        }
        catch (LoadTestRejectedException ex)
        {
            _error = ex.Message;
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
            Snackbar.Add($"Not deleted: {ex.Message}", Severity.Error);
        }
    }

    /// <summary>What a verdict chip says on hover: the criteria that failed.</summary>
    private static string? FailedTitle(LoadTestListItem test) => test.FailedCriteria.Count > 0 ? $"failed: {string.Join("; ", test.FailedCriteria)}" : null;

    internal static Color StateColor(LoadTestState state) => state switch
    {
        LoadTestState.Completed => Color.Success,
        LoadTestState.Running => Color.Info,
        LoadTestState.Stopped => Color.Warning,
        _ => Color.Error,
    };
}
