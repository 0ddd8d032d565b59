using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;

namespace BlueGreen.Tests.LoadTesting.Phases;

/// <summary>Deployment events of an environment, before / inside / after a run, turned into phases.</summary>
public sealed class LoadTestPhasesTests
{
    private readonly PhaseSplitter _splitter = new();

    private static LoadTestMarker Marker(string deployment, DeploymentEventKind kind, double second) =>
        LoadTestMarker.FromDeploymentEvent(new DeploymentEvent
        {
            Id = (long)(second * 1000) + (int)kind,
            Environment = "test",
            DeploymentId = deployment,
            At = TestSamples.RunStart + TimeSpan.FromSeconds(second),
            Kind = kind,
            Message = kind.ToString(),
        }, TestSamples.RunStart);

    private (int Before, int During, int After) Split(IEnumerable<LoadTestMarker> markers, string? own = null)
    {
        var events = LoadTestPhases.Classify(markers, own).Select(m => m.ToRunEvent());
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), events);
        return (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds);
    }

    [Fact]
    public void Split_DeploymentInsideTheRun_StartedToFinishedIsDuring()
    {
        var markers = new[]
        {
            Marker("d1", DeploymentEventKind.Started, 2.5),
            Marker("d1", DeploymentEventKind.Switched, 4.2),
            Marker("d1", DeploymentEventKind.Finished, 6.5),
        };

        Assert.Equal((2, 5, 3), Split(markers));
    }

    [Fact]
    public void Split_DeploymentBeforeTheRun_EverythingIsAfter()
        => Assert.Equal((0, 0, 10), Split([Marker("d1", DeploymentEventKind.Started, -30), Marker("d1", DeploymentEventKind.Finished, -5)]));

    [Fact]
    public void Split_DeploymentAfterTheRun_EverythingIsBefore()
        => Assert.Equal((10, 0, 0), Split([Marker("d1", DeploymentEventKind.Started, 12), Marker("d1", DeploymentEventKind.Finished, 20)]));

    [Fact]
    public void Split_DeploymentAlreadyRunningAtTheStart_DuringBeginsWithTheRun()
        => Assert.Equal((0, 4, 6), Split([Marker("d1", DeploymentEventKind.Switched, 1), Marker("d1", DeploymentEventKind.Finished, 3.2)]));

    [Fact]
    public void Split_DeploymentStillRunningAtTheEnd_DuringLastsToTheEnd()
        => Assert.Equal((7, 3, 0), Split([Marker("d1", DeploymentEventKind.Started, 7)]));

    [Fact]
    public void Classify_OwnDeploymentAfterAnother_OwnOneMakesThePhases()
    {
        var markers = new[]
        {
            Marker("other", DeploymentEventKind.Started, 1),
            Marker("other", DeploymentEventKind.Finished, 2),
            Marker("mine", DeploymentEventKind.Started, 5),
            Marker("mine", DeploymentEventKind.Finished, 7),
        };

        var classified = LoadTestPhases.Classify(markers, "mine");

        Assert.Equal("mine", LoadTestPhases.PhaseDeploymentId(markers, "mine"));
        Assert.All(classified.Where(m => m.DeploymentId == "other"), m => Assert.Equal(RunEventKind.Marker, m.Kind));
        Assert.Equal((5, 2, 3), Split(markers, "mine"));
    }

    [Fact]
    public void Classify_NoOwnDeployment_FirstOneOnTheTimelineMakesThePhases()
    {
        var markers = new[]
        {
            Marker("second", DeploymentEventKind.Started, 6),
            Marker("first", DeploymentEventKind.Started, 1),
            Marker("first", DeploymentEventKind.Finished, 3),
        };

        Assert.Equal("first", LoadTestPhases.PhaseDeploymentId(markers, ownDeploymentId: null));
        Assert.Equal((1, 2, 7), Split(markers));
        Assert.Equal(RunEventKind.Marker, markers[0].Kind);
    }

    [Fact]
    public void PhaseOf_WarmUpSecond_IsInNoPhase()
    {
        var warmUp = TestSamples.Second(0, 100, 10, warmUp: true);

        Assert.Null(LoadTestPhases.PhaseOf(warmUp, []));
        Assert.Equal(Phase.Before, LoadTestPhases.PhaseOf(TestSamples.Second(0, 100, 10), []));
    }
}
