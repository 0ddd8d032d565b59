using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Phases;

public sealed class PhaseSplitterTests
{
    private readonly PhaseSplitter _splitter = new();

    [Fact]
    public void Split_NoEvents_EverythingIsBefore()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), []);

        Assert.Equal(10, split.Before.Totals.Seconds);
        Assert.True(split.During.IsEmpty);
        Assert.True(split.After.IsEmpty);
        Assert.Null(split.During.DelayGrade);
        Assert.Null(split.During.LossGrade);
        Assert.Null(split.DeploymentStartedAt);
    }

    [Fact]
    public void Split_DeploymentInsideRun_SecondsTouchedByItAreDuring()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(3.5), TestSamples.Ended(6.2)]);

        Assert.Equal((3, 4, 3), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
        Assert.Equal(TestSamples.RunStart + TimeSpan.FromSeconds(3), split.During.From);
        Assert.Equal(TestSamples.RunStart + TimeSpan.FromSeconds(7), split.During.To);
        Assert.Equal(TestSamples.RunStart + TimeSpan.FromSeconds(7), split.After.From);
    }

    [Fact]
    public void Split_EventsOnSecondBoundaries_BoundarySecondsGoToTheOuterPhases()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(3), TestSamples.Ended(6)]);

        // [2,3) ends at the start: Before. [6,7) begins at the end: After.
        Assert.Equal((3, 3, 4), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_DeploymentEntirelyBeforeRun_EverythingIsAfter()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(-60), TestSamples.Ended(-30)]);

        Assert.Equal((0, 0, 10), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_DeploymentStartedBeforeRunEndedInside_DuringOpensTheRun()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(-5), TestSamples.Ended(4.5)]);

        Assert.Equal((0, 5, 5), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_DeploymentAfterRun_EverythingIsBefore()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(100), TestSamples.Ended(200)]);

        Assert.Equal((10, 0, 0), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_StartWithoutEnd_DuringLastsToTheEnd()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Started(5)]);

        Assert.Equal((5, 5, 0), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
        Assert.Null(split.DeploymentEndedAt);
    }

    [Fact]
    public void Split_EndWithoutStart_DuringBeginsWithTheRun()
    {
        var split = _splitter.Split(TestSamples.TenQuietSeconds(), [TestSamples.Ended(2)]);

        Assert.Equal((0, 2, 8), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_MarkersAndUnorderedEvents_UsesFirstStartAndFirstEndAfterIt()
    {
        RunEvent[] events =
        [
            TestSamples.Ended(8),
            new(TestSamples.RunStart + TimeSpan.FromSeconds(1), RunEventKind.Marker, "switch"),
            TestSamples.Ended(1.5), // before the start: ignored
            TestSamples.Started(2),
        ];

        var split = _splitter.Split(TestSamples.TenQuietSeconds(), events);

        Assert.Equal((2, 6, 2), (split.Before.Totals.Seconds, split.During.Totals.Seconds, split.After.Totals.Seconds));
    }

    [Fact]
    public void Split_Percentiles_ComeFromMergedHistogramsNotAveragedPercentiles()
    {
        List<LoadSample> samples = [TestSamples.Second(0, 100, 10), TestSamples.Second(1, 100, 500)];

        var latency = _splitter.Split(samples, []).Before.Totals.Latency;

        Assert.NotNull(latency);
        Assert.Equal(200, latency.Count);
        Assert.Equal(10, latency.MinMs, 0.02);
        Assert.Equal(10, latency.P50Ms, 0.02);
        Assert.Equal(500, latency.P90Ms, 0.5);   // the average of the two seconds' p90s would be 255
        Assert.Equal(500, latency.P99Ms, 0.5);
        Assert.Equal(500, latency.MaxMs, 0.5);
        Assert.Equal(255, latency.MeanMs, 0.5);
    }

    [Fact]
    public void Split_LossAndErrors_ComputedAndGradedPerPhase()
    {
        // During: per second 90 ok at 200 ms, 5 failed (503), 5 unsent.
        var samples = TestSamples.TenQuietSeconds();
        samples[4] = TestSamples.Second(4, 90, 200, http5xx: 5, unsent: 5);
        samples[5] = TestSamples.Second(5, 90, 200, http5xx: 5, unsent: 5);

        var split = _splitter.Split(samples, [TestSamples.Started(4), TestSamples.Ended(6)]);

        var during = split.During;
        Assert.Equal(200, during.Totals.Intended);
        Assert.Equal(10, during.Totals.Failed);
        Assert.Equal(10.0, during.Totals.LossPercent, 9);                 // (10 failed + 10 unsent) / 200
        Assert.Equal(100.0 * 10 / 190, during.Totals.ErrorRatePercent, 9); // 10 failed / 190 sent
        Assert.Equal(90, during.Totals.ThroughputPerSecond, 9);
        Assert.Equal(90, during.Totals.KilobytesPerSecond, 9);
        Assert.Equal(TiphonGrade.Good, during.LossGrade);
        Assert.Equal(TiphonGrade.Good, during.DelayGrade);
        Assert.Equal(TiphonGrade.VeryGood, split.Before.DelayGrade);
        Assert.Equal(TiphonGrade.VeryGood, split.After.LossGrade);
        Assert.Equal(0, split.After.Totals.LossPercent);
    }

    [Fact]
    public void Split_WarmUpAndOtherClients_AreLeftOut()
    {
        var samples = TestSamples.TenQuietSeconds();
        samples[0] = TestSamples.Second(0, 100, 900, warmUp: true);
        samples.Add(TestSamples.Second(1, 50, 10, client: 0));

        var merged = _splitter.Split(samples, []);
        var client0 = _splitter.Split(samples, [], client: 0);

        Assert.Equal(9, merged.Before.Totals.Seconds);
        Assert.Equal(10, merged.Before.Totals.Latency!.MaxMs, 0.02);
        Assert.Equal(50, client0.Before.Totals.Ok);
    }
}
