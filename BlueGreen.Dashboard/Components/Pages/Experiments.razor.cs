using BlueGreen.Core.Experiments;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Components.Controls;
using Microsoft.AspNetCore.Components;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>Every experiment with its state, progress and ETA, updated live from the experiment stream.</summary>
public sealed partial class Experiments : LivePage
{
    /// <summary>Rows read when the page opens (newest first); live changes add to them.</summary>
    internal const int Shown = 100;

    private List<ExperimentRecord> _experiments = [];

    [Inject]
    public required ExperimentStore Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading, so a change in between is not lost (applying it twice is harmless).
        var subscription = Store.Subscribe();
        _experiments = [.. Store.List(Shown)];
        Follow(subscription, Apply);
    }

    private bool Apply(StreamBatch<ExperimentChange> batch)
    {
        if (batch.Missed)
        {
            _experiments = [.. Store.List(Shown)];
            return true;
        }
        // Each change carries the whole experiment: the last one of each is what it looks like now.
        foreach (var experiment in batch.Items.GroupBy(c => c.ExperimentId).Select(g => g.Last().Experiment))
        {
            var index = _experiments.FindIndex(e => e.Id == experiment.Id);
            if (index >= 0)
            {
                _experiments[index] = experiment;
            }
            else
            {
                _experiments.Insert(0, experiment);
                if (_experiments.Count > Shown)
                {
                    _experiments.RemoveAt(_experiments.Count - 1);
                }
            }
        }
        return batch.Items.Count > 0;
    }

    /// <summary>When it should end, and in how long; a dash when it is not running or no run has ended yet.</summary>
    internal static string Eta(ExperimentRecord experiment, DateTimeOffset now)
        => experiment.Progress?.Eta is { } eta
            ? $"{eta.ToLocalTime():HH:mm} (in {ResultText.Duration(eta - now)})"
            : "–";

    private string Eta(ExperimentRecord experiment) => Eta(experiment, Time.GetUtcNow());
}
