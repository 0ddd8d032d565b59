using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Dashboard.Components.Controls.Charts;

namespace BlueGreen.Tests.Dashboard.Controls;

public class LoadTestTimelineTests
{
    private static LoadTestMarker Marker(double second, RunEventKind kind = RunEventKind.Marker, DeploymentEventKind? deploymentEvent = null) => new()
    {
        Second = second,
        Kind = kind,
        DeploymentEvent = deploymentEvent,
        Label = $"{deploymentEvent}: a long text with deployment 20261122-213914-9b016d",
    };

    [Fact]
    public void Bands_NoDeployment_None()
    {
        Assert.Empty(LoadTestTimeline.Bands([Marker(3), Marker(5, deploymentEvent: DeploymentEventKind.Switched)]));
    }

    [Fact]
    public void Bands_StartWithoutEnd_DuringStaysOpen()
    {
        var bands = LoadTestTimeline.Bands([Marker(20, RunEventKind.DeploymentStarted, DeploymentEventKind.Started)]);

        Assert.Equal([("before", 0.0, (double?)20), ("during", 20, null)], bands.Select(b => (b.Label, b.From, b.To)));
    }

    [Fact]
    public void Bands_StartAndEnd_BeforeDuringAfter_EndBeforeStartIgnored()
    {
        var bands = LoadTestTimeline.Bands(
        [
            Marker(-4, RunEventKind.DeploymentEnded),
            Marker(20, RunEventKind.DeploymentStarted),
            Marker(37.5, RunEventKind.DeploymentEnded),
        ]);

        Assert.Equal([("before", 0.0, (double?)20), ("during", 20, 37.5), ("after", 37.5, null)], bands.Select(b => (b.Label, b.From, b.To)));
    }

    [Fact]
    public void Lines_OnlySwitchRollbackAndFailedSmoke_WithShortLabels()
    {
        var lines = LoadTestTimeline.Lines(
        [
            Marker(20, RunEventKind.Marker),
            Marker(20.1, RunEventKind.DeploymentStarted, DeploymentEventKind.Started),
            Marker(21, deploymentEvent: DeploymentEventKind.IdleDrained),
            Marker(27, deploymentEvent: DeploymentEventKind.UpdateDone),
            Marker(27.3, deploymentEvent: DeploymentEventKind.SmokePassed),
            Marker(27.6, deploymentEvent: DeploymentEventKind.Switched),
            Marker(30, deploymentEvent: DeploymentEventKind.RollbackStarted),
            Marker(31, deploymentEvent: DeploymentEventKind.RollbackFinished),
            Marker(40, deploymentEvent: DeploymentEventKind.SmokeFailed),
            Marker(41, RunEventKind.DeploymentEnded, DeploymentEventKind.Finished),
        ]);

        Assert.Equal([("switch", 27.6), ("rollback", 30), ("rolled back", 31), ("smoke failed", 40)], lines.Select(l => (l.Label, l.X)));
        Assert.NotEqual(lines[0].Color, lines[1].Color);
    }

    [Fact]
    public void Caption_TheRunAndItsPhases_ForExportedCharts()
    {
        var record = new BlueGreen.Core.LoadTesting.LoadTestRecord
        {
            Id = "lt-1", Environment = "lab", Url = "http://127.0.0.1:18080/item", StartedAt = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeZoneInfo.Local.GetUtcOffset(new DateTime(2026, 12, 6, 9, 0, 0))),
            Settings = new BlueGreen.Core.LoadTesting.LoadTestSpec { Clients = 2, RatePerClient = 300 },
        };
        var bands = LoadTestTimeline.Bands([Marker(20, RunEventKind.DeploymentStarted, DeploymentEventKind.Started), Marker(34.5, RunEventKind.DeploymentEnded, DeploymentEventKind.Finished)]);

        var caption = BlueGreen.Dashboard.Components.Controls.LoadTestCharts.CaptionOf(record, bands);

        Assert.Equal(["lab · lt-1 · 2026-12-06 09:00 · 2 × 300/s → http://127.0.0.1:18080/item", "phases: before 0–20 s · during 20–34.5 s · after from 34.5 s"], caption);
        Assert.Empty(BlueGreen.Dashboard.Components.Controls.LoadTestCharts.CaptionOf(null, []));
    }
}
