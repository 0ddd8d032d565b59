using BlueGreen.Core;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Security;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// One experiment, live: state and why it stopped, progress with ETA, the matrix filling in, the current run with its
/// load test's charts, every run, and the operator's actions (pause, resume, cancel) as <see cref="ExperimentRules"/>
/// allows them, each behind a confirmation and answered by a toast.
/// </summary>
public sealed partial class ExperimentDetail : LivePage
{
    private ExperimentView _view = null!;
    private string? _actionError;
    private bool _acting;
    private bool _allRuns;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ExperimentStore Store { get; init; }

    [Inject]
    public required ExperimentRunner Runner { get; init; }

    [Inject]
    public required IOptions<BlueGreenOptions> Options { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    private bool Allows(ExperimentAction action) => !_acting && Record is not null && ExperimentRules.Allowed(Record).Contains(action);

    /// <summary>Pending runs listed after the last one that started, unless all are asked for.</summary>
    private const int PendingShown = 3;

    /// <summary>Every run that started, then the next few planned (a paper's matrix plans a hundred).</summary>
    private IEnumerable<ExperimentRun> ShownRuns => _allRuns || Record is null
        ? Record?.Runs ?? []
        : Record.Runs.Where(r => r.State != RunState.Pending).Concat(Record.Runs.Where(r => r.State == RunState.Pending).Take(PendingShown));

    private int HiddenRuns => _allRuns || Record is null ? 0 : Math.Max(0, Record.Runs.Count(r => r.State == RunState.Pending) - PendingShown);

    /// <summary>The run running now; between runs, the last one that started a load test.</summary>
    private ExperimentRun? Shown => Record?.Current ?? Record?.Runs.Where(r => r.LoadTestId is not null && r.StartedAt is not null).MaxBy(r => r.StartedAt);

    private ExperimentRecord? Record => _view.Record;

    private ExperimentReport? Report => _view.Report;

    protected override void OnInitialized()
    {
        _view = new ExperimentView(Options.Value.LoadTesting.Tiphon);
        // Subscribe before reading, so a change in between is not lost (a repeat is applied harmlessly).
        var changes = Store.Subscribe(Id);
        if (!_view.Take(Store.Find(Id)))
        {
            changes.Dispose();
            return;
        }
        Follow(changes, batch => _view.Take(batch.Missed ? Store.Find(Id) : batch.Items.LastOrDefault()?.Experiment));
    }

    private Task Pause() => ActAsync("Pause", "experiment.pause",
        Runner.ActiveId == Id
            ? "Pause after the current run? It ends and is recorded; no further run starts until you resume."
            : "Pause this experiment? No run starts until you resume.",
        () => Runner.Pause(Id, Access.Name),
        r => r.State == ExperimentState.Paused ? "Paused." : "Pausing: the experiment pauses when the current run ends.");

    private Task Resume() => ActAsync("Resume", "experiment.resume", "Resume with the next unfinished run? Finished runs are kept, none is repeated.",
        () => Runner.Resume(Id, Access.Name), _ => "Resumed: the next run starts now.");

    private Task Cancel() => ActAsync("Cancel experiment", "experiment.cancel",
        "Cancel this experiment? The current run's load test stops (the run is recorded as cancelled) and no further run starts. This cannot be undone; the runs that ended stay in the report.",
        () => Runner.Cancel(Id, Access.Name), _ => "Experiment cancelled.");

    /// <summary>Asks, then does <paramref name="act"/> through <see cref="AccessContext.RunAsync{T}"/> (audited as
    /// <paramref name="audit"/>); a user without the permission is not asked, only refused.</summary>
    private async Task ActAsync(string action, string audit, string question, Func<ExperimentRecord> act, Func<ExperimentRecord, string> done)
    {
        if (Access.Can(Permission.Experiment) && await Dialogs.ShowMessageBoxAsync(action, question, yesText: action, cancelText: "Keep it") != true)
        {
            return;
        }
        _acting = true;
        try
        {
            var record = await Access.RunAsync(Permission.Experiment, audit, Record?.Definition.Environment, Id, () => Task.FromResult(act()));
            _view.Take(record);
            _actionError = null;
            Snackbar.Add(done(record), Severity.Success);
        }
        catch (Exception ex) when (ex is ExperimentRejectedException or AccessDeniedException)
        {
            _actionError = ex.Message;
            Snackbar.Add($"{action} refused: {ex.Message}", Severity.Error);
        }
        finally
        {
            _acting = false;
        }
    }

    private Severity ReasonSeverity => Record?.State switch
    {
        ExperimentState.Failed => Severity.Error,
        ExperimentState.Paused => Severity.Warning,
        _ => Severity.Info,
    };

    private string Eta => Record is null ? "–" : Experiments.Eta(Record, Time.GetUtcNow());
}
