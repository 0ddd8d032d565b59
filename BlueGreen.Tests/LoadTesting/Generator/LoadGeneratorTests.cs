using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Generator;

/// <summary>The generator against fake senders: exact counts, the invariant, stopping. Short real-time runs.</summary>
public sealed class LoadGeneratorTests
{
    private static readonly Uri s_target = new("http://127.0.0.1:9/");

    [Fact]
    public async Task Run_MixedOutcomesAndSmallCap_InvariantHoldsEverywhere()
    {
        var senders = new List<FakeRequestSender>();
        var generator = new LoadGenerator(TimeProvider.System, (_, _) =>
        {
            var sender = new FakeRequestSender(static (call, ct) => (call % 10) switch
            {
                5 => Task.FromResult(RequestOutcome.FromStatus(503, 50)),
                6 => Task.FromResult(RequestOutcome.FromStatus(404, 50)),
                7 => Task.FromResult(RequestOutcome.Failed(FailureKind.ConnectionRefused)),
                8 => FakeRequestSender.Hang(ct),
                9 => throw new InvalidOperationException("sender bug"),
                _ => FakeRequestSender.OkAfter(5, ct),
            });
            lock (senders)
            {
                senders.Add(sender);
            }
            return sender;
        });
        var request = new LoadTestRequest
        {
            Target = s_target,
            RatePerClient = 200,
            Clients = 2,
            Duration = TimeSpan.FromSeconds(3),
            InFlightCapPerClient = 4,
            Timeout = TimeSpan.FromMilliseconds(200),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(1200, summary.Total.Intended); // exact: 2 clients x 200/s x 3 s, by arithmetic
        Assert.All(summary.PerClient, c => Assert.Equal(600, c.Intended));
        Assert.Equal(3, summary.Seconds);
        Assert.True(summary.Total.Unsent > 0, "hanging requests fill the cap of 4, so some must be unsent");
        var failures = summary.Total.Failures;
        Assert.True(failures.Timeout > 0 && failures.Http5xx > 0 && failures.Http4xx > 0 && failures.ConnectionRefused > 0 && failures.Other > 0, $"{failures}");
        Assert.Equal(0, failures.Aborted);
        Assert.Equal(0, summary.OverdueRequests);
        Assert.False(summary.Stopped);
        Assert.All(senders, s => Assert.True(s.IsDisposed));
    }

    [Fact]
    public async Task Run_RampUp_PerSecondIntendedFollowsTheScheduleExactly()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, ct) => FakeRequestSender.OkAfter(1, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            RatePerClient = 100,
            Duration = TimeSpan.FromSeconds(4),
            RampUp = TimeSpan.FromSeconds(2),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal([25L, 75, 100, 100], samples.Where(s => s.Client is null).Select(s => s.Intended));
        Assert.Equal(300, summary.Total.Ok);
        Assert.Equal(summary.Total, LoadTotals.Sum(samples.Where(s => s.Client is null)));
    }

    [Fact]
    public async Task Run_WarmUpAndRequestCount_WarmUpPublishedButExcludedFromSummary()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, ct) => FakeRequestSender.OkAfter(1, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            RatePerClient = 100,
            RequestsPerClient = 150,
            WarmUp = TimeSpan.FromSeconds(1),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        var merged = samples.Where(s => s.Client is null).ToList();
        Assert.Equal([true, false, false], merged.Select(s => s.IsWarmUp));
        Assert.Equal([100L, 100, 50], merged.Select(s => s.Intended));
        Assert.Equal(0.5, merged[^1].DurationSeconds, 6);   // the schedule ends when request 251 would be due
        Assert.Equal(150, summary.Total.Intended);
        Assert.Equal(1.5, summary.Total.DurationSeconds, 6);
        Assert.Equal(100, summary.Total.ThroughputPerSecond, 6);
        Assert.Equal(1, summary.WarmUpSeconds);
    }

    [Fact]
    public async Task Run_StoppedEarly_SummaryConsistentAndInFlightAborted()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (call, ct) =>
            call % 2 == 0 ? FakeRequestSender.Hang(ct) : FakeRequestSender.OkAfter(1, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            RatePerClient = 100,
            Clients = 2,
            Duration = TimeSpan.FromSeconds(60),
            Timeout = TimeSpan.FromSeconds(30),
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(1.5));

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, stop.Token);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.True(summary.Stopped);
        Assert.InRange(summary.Total.Intended, 2, 2 * 100 * 30); // far fewer than the 12,000 scheduled
        Assert.True(summary.Total.Failures.Aborted > 0, "hanging requests in flight at the stop are aborted");
        Assert.Equal(0, summary.Total.Failures.Timeout);
        Assert.True(summary.Total.Ok > 0);
    }

    [Fact]
    public async Task Run_StoppedBeforeStart_EmptyConsistentSummary()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, ct) => FakeRequestSender.OkAfter(1, ct)));
        var request = new LoadTestRequest { Target = s_target, RatePerClient = 100, Duration = TimeSpan.FromSeconds(10) };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, new CancellationToken(canceled: true));

        Assert.Empty(samples);
        Assert.True(summary.Stopped);
        Assert.Equal(0, summary.Total.Intended);
        Assert.Null(summary.Total.Latency);
    }

    [Fact]
    public async Task Run_ClosedLoopByCount_SendsExactlyTheCountAndNothingUnsent()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, ct) => FakeRequestSender.OkAfter(1, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            Model = LoadModel.ClosedLoop,
            ConnectionsPerClient = 3,
            Clients = 2,
            RequestsPerClient = 300,
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(600, summary.Total.Intended);
        Assert.Equal(600, summary.Total.Ok);
        Assert.Equal(0, summary.Total.Unsent);
    }

    [Fact]
    public async Task Run_ClosedLoopByDuration_InvariantHolds()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (call, ct) =>
            call % 7 == 3 ? Task.FromResult(RequestOutcome.FromStatus(500, 10)) : FakeRequestSender.OkAfter(2, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            Model = LoadModel.ClosedLoop,
            ConnectionsPerClient = 4,
            Clients = 2,
            Duration = TimeSpan.FromSeconds(2),
            RampUp = TimeSpan.FromSeconds(1),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(2, summary.Seconds);
        Assert.Equal(summary.Total.Intended, summary.Total.Sent);
        Assert.True(summary.Total.Ok > 100, $"ok {summary.Total.Ok}");
        Assert.True(summary.Total.Failures.Http5xx > 0);
    }

    [Fact]
    public async Task Run_SenderIgnoresCancellation_SecondPublishedAfterGraceWithOverdueAsTimeouts()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static async (call, ct) =>
        {
            if (call % 5 == 0)
            {
                // A broken transport: ignores the token and ends long after the second was published.
                await Task.Delay(TimeSpan.FromSeconds(8), CancellationToken.None);
                return RequestOutcome.FromStatus(200, 1);
            }
            return await FakeRequestSender.OkAfter(1, ct);
        }));
        var request = new LoadTestRequest
        {
            Target = s_target,
            RatePerClient = 20,
            Duration = TimeSpan.FromSeconds(1),
            Timeout = TimeSpan.FromMilliseconds(200),
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(4, summary.OverdueRequests);
        Assert.Equal(4, summary.Total.Failures.Timeout);
        Assert.Equal(16, summary.Total.Ok);
    }

    [Fact]
    public async Task Run_ClosedLoopClientsEndingInDifferentSeconds_MergedCoversWhoeverIsLeft()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, client) => new FakeRequestSender((_, ct) =>
            FakeRequestSender.OkAfter(client == 0 ? 1 : 20, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            Model = LoadModel.ClosedLoop,
            ConnectionsPerClient = 1,
            Clients = 2,
            RequestsPerClient = 80,
        };

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, TestContext.Current.CancellationToken);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(160, summary.Total.Ok);
        Assert.All(summary.PerClient, c => Assert.Equal(80, c.Ok));
        // Client 1 needs at least 80 x 20 ms = 1.6 s; client 0 normally ends within its first second, and the
        // merged samples then cover client 1 alone (AssertInvariants checks merged = sum of the clients present).
        var seconds0 = samples.Count(s => s.Client == 0);
        var seconds1 = samples.Count(s => s.Client == 1);
        Assert.True(seconds1 >= 2, $"client 1 spans {seconds1} seconds");
        Assert.Equal(Math.Max(seconds0, seconds1), summary.Seconds);
    }

    [Fact]
    public async Task Run_ClosedLoopStoppedEarly_SummaryConsistent()
    {
        var generator = new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, ct) => FakeRequestSender.OkAfter(2, ct)));
        var request = new LoadTestRequest
        {
            Target = s_target,
            Model = LoadModel.ClosedLoop,
            ConnectionsPerClient = 2,
            Clients = 2,
            Duration = TimeSpan.FromSeconds(60),
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(1.2));

        var (samples, summary) = await LoadRunHelper.RunAsync(generator, request, stop.Token);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.True(summary.Stopped);
        Assert.InRange(summary.Seconds, 1, 10);
        Assert.True(summary.Total.Ok > 0);
    }
}
