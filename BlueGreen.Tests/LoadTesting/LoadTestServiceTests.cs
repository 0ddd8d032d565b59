using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// <see cref="LoadTestService"/> against a real Kestrel on loopback with LiteDB in a temp folder. Assertions are on
/// counts and states, never on timings: the machine is small and noisy.
/// </summary>
[Collection(LoadTestServiceCollection.Name)]
public sealed class LoadTestServiceTests
{
    [Fact]
    public async Task Start_3SecondsAt200PerSecond_Stores3SecondsWithTheInvariant()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 100, clients: 2, seconds: 3), "tester");
        var record = await harness.WaitEndedAsync(id);

        Assert.Equal(LoadTestState.Completed, record.State);
        var merged = harness.Service.Samples(id);
        Assert.Equal([0, 1, 2], merged.Select(s => s.Second));
        Assert.All(merged, s =>
        {
            Assert.Null(s.Client);
            Assert.Equal(200, s.Intended);
            Assert.Equal(s.Intended, s.Ok + s.Failed + s.Unsent);
        });
        var all = harness.Service.Samples(id, includeClients: true);
        Assert.Equal(9, all.Count);
        Assert.Equal(6, all.Count(s => s.Client is not null));
        Assert.Equal(3, record.SecondsStored);
        Assert.NotNull(record.Result);
        var total = record.Result.Total.ToTotals();
        Assert.Equal(600, total.Intended);
        Assert.Equal(total.Intended, total.Ok + total.Failed + total.Unsent);
        Assert.True(total.Ok > 0, "the server answers");
        Assert.Equal(2, record.Result.PerClient.Count);
        Assert.Equal([Phase.Before, Phase.During, Phase.After], record.Result.Phases.Select(p => p.Phase));
        Assert.Equal(3, record.Result.Phases[0].Totals.Seconds);
        Assert.Equal(Tiphon.GradeLoss(total.LossPercent), record.Result.Phases[0].LossGrade);
        var details = harness.Service.Details(id)!;
        Assert.Equal((3, 0, 0), (details.Phases[0].Totals.Seconds, details.Phases[1].Totals.Seconds, details.Phases[2].Totals.Seconds));
        Assert.Null(details.Phases[1].DelayGrade);
        Assert.Equal(total.Ok, details.Total!.Ok);
        Assert.Equal("tester", record.RequestedBy);
        Assert.Equal(harness.Server.Url("/ok").ToString(), record.Url);
    }

    [Fact]
    public async Task Result_ReopeningTheDatabase_SummaryHistogramsAndSamplesSurvive()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 100, clients: 1, seconds: 2), "tester");
        var ended = await harness.WaitEndedAsync(id);
        await harness.Service.StopAsync(TestContext.Current.CancellationToken).WaitAsync(LoadTestServiceHarness.Patience, TestContext.Current.CancellationToken);
        harness.Database.Dispose();

        using var reopened = new BlueGreenDatabase(harness.DatabasePath);
        var store = new LoadTestStore(reopened);
        var record = store.Find(id);

        Assert.NotNull(record?.Result);
        Assert.Equal(LoadTestState.Completed, record.State);
        var total = record.Result.Total.ToTotals();
        Assert.Equal(ended.Result!.Total.Ok, total.Ok);
        Assert.Equal(total.Ok, total.LatencyHistogram.Decode().TotalCount);
        Assert.Equal(total.Ok, total.Latency?.Count);
        Assert.Equal(3, record.Result.Phases.Count);
        Assert.Equal(total.Ok, record.Result.Phases[0].ToSummary().Totals.LatencyHistogram.Decode().TotalCount);
        // Empty phases have empty histograms, which LiteDB stores as null: they must read back as empty.
        Assert.Null(record.Result.Phases[1].ToSummary().Totals.Latency);
        Assert.Equal(0, record.Result.Phases[2].ToSummary().Totals.LatencyHistogram.Decode().TotalCount);
        Assert.Equal(2, store.Samples(id, includeClients: false).Count);
        // The whole spec as it ran survives: the one shape, stored as the test's settings.
        Assert.Equal(LoadTestServiceHarness.Spec(rate: 100, clients: 1, seconds: 2), record.Settings);
    }

    [Fact]
    public async Task Stop_MidRun_EndsStoppedWithWhatRan()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 60), "tester");
        await harness.WaitSecondsAsync(id, 1);

        harness.Service.Stop(id, "operator");
        var record = await harness.WaitEndedAsync(id);

        Assert.Equal(LoadTestState.Stopped, record.State);
        Assert.Equal("operator", record.StoppedBy);
        Assert.InRange(record.Result!.Seconds, 1, 30);
        var total = record.Result.Total.ToTotals();
        Assert.Equal(total.Intended, total.Ok + total.Failed + total.Unsent);
        Assert.Equal(record.Result.Seconds, harness.Service.Samples(id).Count);
        var refusal = Assert.Throws<LoadTestRejectedException>(() => harness.Service.Stop(id, "operator"));
        Assert.Equal(LoadTestRejection.Conflict, refusal.Kind);
    }

    [Fact]
    public async Task Delete_EndedTest_RemovesRecordAndSamples_RunningOneIsRefused()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 60), "tester");
        await harness.WaitSecondsAsync(id, 1);

        var refusal = Assert.Throws<LoadTestRejectedException>(() => harness.Service.Delete(id));
        Assert.Equal(LoadTestRejection.Conflict, refusal.Kind);
        Assert.Contains("stop it first", refusal.Message);

        harness.Service.Stop(id, "tester");
        await harness.WaitEndedAsync(id);
        Assert.NotEmpty(harness.Service.Samples(id, includeClients: true));
        harness.Service.Delete(id);

        Assert.Null(harness.Service.Get(id));
        Assert.Empty(harness.Service.Samples(id, includeClients: true));
        Assert.Equal(LoadTestRejection.NotFound, Assert.Throws<LoadTestRejectedException>(() => harness.Service.Delete(id)).Kind);
    }

    [Fact]
    public async Task Start_PerUserLimitReached_RefusesThatUserOnly()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync(limits =>
        {
            limits.MaxConcurrentTests = 3;
            limits.MaxConcurrentTestsPerUser = 1;
        });
        var first = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 20, clients: 1, seconds: 60), "alice");

        var refusal = Assert.Throws<LoadTestRejectedException>(() => harness.Service.Start(LoadTestServiceHarness.Spec(rate: 20, clients: 1), "Alice"));
        var other = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 20, clients: 1, seconds: 60), "bob");

        Assert.Equal(LoadTestRejection.Conflict, refusal.Kind);
        Assert.Equal([first], refusal.RunningIds);
        Assert.Contains("MaxConcurrentTestsPerUser is 1", refusal.Message, StringComparison.Ordinal);
        harness.Service.Stop(first, "alice");
        harness.Service.Stop(other, "bob");
        await harness.WaitEndedAsync(first);
        await harness.WaitEndedAsync(other);
    }

    [Fact]
    public async Task Start_ConcurrencyLimitReached_RefusesWithTheRunningIds()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync(limits => limits.MaxConcurrentTests = 1);
        var first = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 20, clients: 1, seconds: 60), "tester");

        var refusal = Assert.Throws<LoadTestRejectedException>(() => harness.Service.Start(LoadTestServiceHarness.Spec(rate: 20, clients: 1), "tester"));

        Assert.Equal(LoadTestRejection.Conflict, refusal.Kind);
        Assert.Equal([first], refusal.RunningIds);
        Assert.Contains("BlueGreen:LoadTesting:MaxConcurrentTests is 1", refusal.Message);
        Assert.Single(harness.Service.List());
        harness.Service.Stop(first, "tester");
        await harness.WaitEndedAsync(first);
    }

    [Fact]
    public async Task Start_InvalidSpec_RefusedWithEveryProblemAndNothingStored()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var spec = new LoadTestSpec { Environment = "test", Path = "http://elsewhere/", RatePerClient = 50_000, Duration = TimeSpan.FromSeconds(1) };

        var refusal = Assert.Throws<LoadTestRejectedException>(() => harness.Service.Start(spec, "tester"));

        Assert.Equal(LoadTestRejection.Invalid, refusal.Kind);
        Assert.Equal(["Path", "RatePerClient"], refusal.Problems.Select(p => p.Field));
        Assert.Empty(harness.Service.List());
    }

    [Fact]
    public async Task Subscribe_BeforeSnapshot_EverySecondSeenAndTheEndArrives()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 2, seconds: 3), "tester");
        using var subscription = harness.Service.Subscribe(id);
        var snapshot = harness.Service.Snapshot(id)!;
        await using var changes = new StreamItems<LoadTestChange>(subscription);

        var seconds = snapshot.Samples.Where(s => s.Client is null).Select(s => s.Second).ToHashSet();
        LoadTestChange last;
        do
        {
            last = await changes.NextAsync(LoadTestServiceHarness.Patience);
            Assert.Equal(id, last.TestId);
            if (last.Sample is { Client: null } sample)
            {
                seconds.Add(sample.Second);
            }
        }
        while (last.State == LoadTestState.Running);

        Assert.Equal([0, 1, 2], seconds.Order());
        Assert.Equal(LoadTestState.Completed, last.State);
        Assert.Equal(1, last.Progress.Fraction);
        Assert.Equal(300, last.Progress.Intended);
        Assert.Equal(last.Progress.Intended, last.Progress.Ok + last.Progress.Failed + last.Progress.Unsent);
        Assert.Null(last.Progress.Eta);
        Assert.Equal(3, snapshot.Record.PlannedSeconds, 3);
    }

    [Fact]
    public async Task Snapshot_MidRun_HoldsEveryMergedSecondStoredSoFar_AndTheStreamTheRest()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 2, seconds: 6), "tester");
        await harness.WaitSecondsAsync(id, 2);
        using var subscription = harness.Service.Subscribe(id);

        var snapshot = harness.Service.Snapshot(id)!;

        Assert.Equal(LoadTestState.Running, snapshot.Record.State);
        Assert.InRange(snapshot.Samples.Count, 2, 6);
        Assert.All(snapshot.Samples, s => Assert.Null(s.Client));
        Assert.Equal(Enumerable.Range(0, snapshot.Samples.Count), snapshot.Samples.Select(s => s.Second));
        Assert.All(snapshot.Samples, s => Assert.Equal(100, s.Intended));
        // what the snapshot does not hold yet, the stream brings: together every second, none missing
        var seconds = snapshot.Samples.Select(s => s.Second).ToHashSet();
        await using var changes = new StreamItems<LoadTestChange>(subscription);
        LoadTestChange last;
        do
        {
            last = await changes.NextAsync(LoadTestServiceHarness.Patience);
            if (last.Sample is { Client: null } sample)
            {
                seconds.Add(sample.Second);
            }
        }
        while (last.State == LoadTestState.Running);
        Assert.Equal(LoadTestState.Completed, last.State);
        Assert.Equal(Enumerable.Range(0, 6), seconds.Order());
    }

    [Fact]
    public async Task StopAsync_DashboardStopsDuringRun_TestEndsInterruptedWithItsSeconds()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 60) with { Criteria = ["loss <= 100 %"] }, "tester");
        await harness.WaitSecondsAsync(id, 1);

        await harness.Service.StopAsync(TestContext.Current.CancellationToken).WaitAsync(LoadTestServiceHarness.Patience, TestContext.Current.CancellationToken);

        var record = harness.Service.Get(id)!;
        Assert.Equal(LoadTestState.Interrupted, record.State);
        Assert.Contains("dashboard stopped", record.Error);
        Assert.True(record.Result!.Seconds >= 1);
        // What ran is evaluated, and the verdict says it covers only that.
        Assert.Equal(LoadTestVerdict.Passed, record.Evaluation!.Verdict);
        Assert.StartsWith("The dashboard stopped during this test: evaluated over the ", record.Evaluation.Note, StringComparison.Ordinal);
        Assert.Equal(LoadTestRejection.Conflict, Assert.Throws<LoadTestRejectedException>(() => harness.Service.Start(LoadTestServiceHarness.Spec(), "tester")).Kind);
    }

    [Fact]
    public async Task StartAsync_TestLeftRunningByAPreviousProcess_MarkedInterruptedWithSamplesKept()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync(startService: false);
        var record = new LoadTestRecord
        {
            Id = "lt-left-running",
            Environment = "test",
            Settings = LoadTestServiceHarness.Spec(clients: 1) with { Criteria = ["loss <= 0 %", "p99 <= 1000 ms"] },
            State = LoadTestState.Running,
            StartedAt = TestSamples.RunStart,
            PlannedSeconds = 3,
        };
        harness.Store.Save(record);
        harness.Store.AddSamples(record.Id, [TestSamples.Second(0, 100, 10, client: 0), TestSamples.Second(0, 100, 10)]);
        harness.Store.AddSamples(record.Id, [TestSamples.Second(1, 90, 20, http5xx: 10, client: 0), TestSamples.Second(1, 90, 20, http5xx: 10)]);

        await harness.Service.StartAsync(TestContext.Current.CancellationToken).WaitAsync(LoadTestServiceHarness.Patience, TestContext.Current.CancellationToken);

        var recovered = harness.Service.Get(record.Id)!;
        Assert.Equal(LoadTestState.Interrupted, recovered.State);
        Assert.Equal(2, recovered.Result!.Seconds);
        Assert.Equal(200, recovered.Result.Total.Intended);
        Assert.Equal(10, recovered.Result.Total.Failures.Http5xx);
        Assert.Equal(190, recovered.Result.PerClient[0].Ok);
        Assert.Equal(TestSamples.RunStart + TimeSpan.FromSeconds(2), recovered.EndedAt);
        Assert.Equal(4, harness.Service.Samples(record.Id, includeClients: true).Count);
        // Its criteria are evaluated over the two stored seconds: 10 of 200 lost.
        Assert.Equal(LoadTestVerdict.Failed, recovered.Evaluation!.Verdict);
        Assert.Equal([false, true], recovered.Evaluation.Criteria.Select(c => c.Passed));
        Assert.Equal(5, recovered.Evaluation.Criteria[0].Measured);
        Assert.Equal("The dashboard stopped during this test: evaluated over the 2 of 3 planned second(s) that ran (warm-up included).", recovered.Evaluation.Note);
    }
}
