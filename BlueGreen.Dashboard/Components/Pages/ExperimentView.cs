using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// An experiment as its pages hold it: the record as last published, and its report, built again only when a run
/// ended or the state changed (a running run publishes often; the report's numbers change only when one ends).
/// Renderer thread only.
/// </summary>
internal sealed class ExperimentView(TiphonOptions tiphon)
{
    private int _endedRuns = -1;

    public ExperimentRecord? Record { get; private set; }

    public ExperimentReport? Report { get; private set; }

    /// <summary>Takes <paramref name="record"/> unless it is older than the one held (an action's answer and the
    /// stream may cross); true when it was taken.</summary>
    public bool Take(ExperimentRecord? record)
    {
        if (record is null || (Record is not null && record.UpdatedAt < Record.UpdatedAt))
        {
            return false;
        }
        var ended = record.Runs.Count(r => r.HasEnded);
        if (Report is null || ended != _endedRuns || record.State != Record?.State)
        {
            Report = ExperimentReportBuilder.Build(record, tiphon);
            _endedRuns = ended;
        }
        Record = record;
        return true;
    }
}
