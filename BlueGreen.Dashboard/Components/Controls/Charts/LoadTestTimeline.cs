using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>
/// What a load test's timeline draws on its charts. The deployment's start and end become the before / during /
/// after bands; only the moments an operator looks for get a vertical line, with a one-word label (switch,
/// rollback, smoke failed), so three small charts stay readable. Every marker, with its full text, is listed
/// under the charts instead.
/// </summary>
public static class LoadTestTimeline
{
    private const string SwitchColor = "#1565c0";
    private const string TroubleColor = "#c62828";

    /// <summary>Before / during / after bands from the first deployment start and the end that follows it.</summary>
    public static IReadOnlyList<ChartBand> Bands(IReadOnlyList<LoadTestMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var start = markers.FirstOrDefault(m => m.Kind == RunEventKind.DeploymentStarted)?.Second;
        if (start is not { } from)
        {
            return [];
        }
        var end = markers.FirstOrDefault(m => m.Kind == RunEventKind.DeploymentEnded && m.Second >= from)?.Second;
        List<ChartBand> bands = [new("before", 0, from, "#90caf9"), new("during", from, end, "#ffcc80")];
        if (end is { } to)
        {
            bands.Add(new ChartBand("after", to, null, "#a5d6a7"));
        }
        return bands;
    }

    /// <summary>The vertical lines: switches, rollbacks and failed smoke tests, each with a short label.</summary>
    public static IReadOnlyList<ChartMarker> Lines(IReadOnlyList<LoadTestMarker> markers)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var lines = new List<ChartMarker>();
        foreach (var marker in markers)
        {
            if (ShortLabel(marker.DeploymentEvent) is { } line)
            {
                lines.Add(new ChartMarker(line.Label, marker.Second, line.Color));
            }
        }
        return lines;
    }

    private static (string Label, string Color)? ShortLabel(DeploymentEventKind? kind) => kind switch
    {
        DeploymentEventKind.Switched => ("switch", SwitchColor),
        DeploymentEventKind.RollbackStarted => ("rollback", TroubleColor),
        DeploymentEventKind.RollbackFinished => ("rolled back", TroubleColor),
        DeploymentEventKind.SmokeFailed => ("smoke failed", TroubleColor),
        _ => null,
    };
}
