using System.Globalization;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.Streams;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// One load test, live: counters, progress with ETA, the three charts (<see cref="Controls.LoadTestCharts"/>, which
/// follow the test on their own) with the deployment drawn as before / during / after bands and labelled markers,
/// the timeline of markers, and at the end the phase table with TIPHON grades. The page re-renders per stream batch
/// for the counters only; the charts not at all.
/// </summary>
public sealed partial class LoadTestRun : LivePage
{
    private LoadTestRecord? _record;
    private LoadTestState _state;
    private LoadTestProgress? _progress;
    private LoadTestDetails? _details;
    private LoadTestEvaluation _evaluation = new();
    private List<LoadTestMarker> _markers = [];
    private readonly List<string> _warnings = [];

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot, so no change falls in between (a repeat is applied harmlessly).
        var subscription = Service.Subscribe(Id);
        var snapshot = Service.Snapshot(Id);
        if (snapshot is null)
        {
            subscription.Dispose();
            return;
        }
        ApplySnapshot(snapshot);
        Follow(subscription, Apply);
    }

    private void ApplySnapshot(LoadTestSnapshot snapshot)
    {
        _record = snapshot.Record;
        _state = _record.State;
        _progress = snapshot.Progress;
        _markers = [.. snapshot.Markers];
        _warnings.Clear();
        _warnings.AddRange(_record.Warnings);
        // The phase table shows percentiles: only an ended test's phases are decoded, once.
        _details = _state != LoadTestState.Running ? LoadTestDetails.From(_record, snapshot.Progress) : null;
        _evaluation = LoadTestEvaluation.Read(_record);
    }

    private bool Apply(StreamBatch<LoadTestChange> batch)
    {
        if (batch.Missed && Service.Snapshot(Id) is { } snapshot)
        {
            ApplySnapshot(snapshot);
            return true;
        }
        var wasRunning = _state == LoadTestState.Running;
        foreach (var change in batch.Items)
        {
            _progress = change.Progress;
            _state = change.State;
            if (change.Markers is { } markers)
            {
                _markers = [.. markers];
            }
            if (change.Warning is { } warning)
            {
                _warnings.Add(warning);
            }
        }
        if (wasRunning && _state != LoadTestState.Running && Service.Get(Id) is { } ended)
        {
            // Ended: the stored result (phases with their percentiles) is read once.
            _record = ended;
            _details = LoadTestDetails.From(ended, _progress!);
            _evaluation = LoadTestEvaluation.Read(ended);
        }
        return batch.Items.Count > 0;
    }

    private async Task StopAsync()
    {
        // A user who may not is not asked, only refused (and the refusal audited).
        if (Access.Can(Permission.LoadTest)
            && await Dialogs.ShowMessageBoxAsync("Stop load test", "Stop this load test now? What was measured so far is kept.", yesText: "Stop", cancelText: "Cancel") != true)
        {
            return;
        }
        try
        {
            await Access.RunAsync(Permission.LoadTest, "loadtest.stop", _record?.Environment, Id, () =>
            {
                Service.Stop(Id, Access.Name);
                return Task.CompletedTask;
            });
            Snackbar.Add("Stopping: requests in flight get a second, then the summary is stored.", Severity.Success);
        }
        catch (Exception ex) when (ex is LoadTestRejectedException or AccessDeniedException)
        {
            _warnings.Add(ex.Message);
            Snackbar.Add($"Stop refused: {ex.Message}", Severity.Error);
        }
    }

    private static string Value(double? value, string unit) => value is not { } v || !double.IsFinite(v) ? "–" : unit switch
    {
        "%" => $"{v.ToString("0.###", CultureInfo.CurrentCulture)} %",
        "/s" => $"{v.ToString("N1", CultureInfo.CurrentCulture)}/s",
        _ => $"{v.ToString("0.0", CultureInfo.CurrentCulture)} ms",
    };

    private static string Ms(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0") : "–";
}
