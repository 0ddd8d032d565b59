using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.Switching;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>Deploy-at through the real engine: a deployment that succeeds, one refused because the environment is
/// held, one that fails because its load balancer cannot be reached, and one that never starts.</summary>
[Collection(LoadTestServiceCollection.Name)]
public sealed class LoadTestServiceDeployAtTests
{
    [Fact]
    public async Task DeployAt_EngineStartsIt_DeploymentRecordedAndPhasesSplit()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 4, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        var deployment = harness.Deployments.Find(record.DeploymentId!)!;
        Assert.Equal(("test", "2.0.0", LoadTestService.DeployAtRequester), (deployment.Environment, deployment.Version, deployment.RequestedBy));
        Assert.Equal(DeploymentState.Succeeded, deployment.State);
        Assert.True(deployment.CreatedAt >= record.StartedAt + TimeSpan.FromSeconds(1), $"deployed at {deployment.CreatedAt:O}, run started {record.StartedAt:O}");
        Assert.Equal(record.DeploymentId, record.PhaseDeploymentId);
        // Seen live on the stream and again in the store at the end: each event is one marker, in the engine's order.
        var events = record.Markers.Where(m => m.DeploymentEvent is not null).ToList();
        Assert.Equal(harness.Deployments.EventsOf(deployment.Id).Select(e => e.Kind), events.Select(m => m.DeploymentEvent!.Value));
        Assert.Equal(RunEventKind.DeploymentStarted, events[0].Kind);
        Assert.Equal(RunEventKind.DeploymentEnded, events[^1].Kind);
        Assert.Contains(events, m => m.DeploymentEvent == DeploymentEventKind.Switched && m.Kind == RunEventKind.Marker);
        Assert.Single(record.Markers, m => m.DeploymentEvent is null && m.Label.StartsWith("deploy-at: deployment", StringComparison.Ordinal));
        AssertPhasesFollowTheDeployment(record, seconds: 4);
        Assert.Empty(record.Warnings);
    }

    [Fact]
    public async Task DeployAt_EngineRefuses_WarningRecordedAndTheTestGoesOn()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        using var held = harness.Locks.Claim("test", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-1", "deployment d-1 (1.5.0)"), TimeSpan.Zero);

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 3, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        Assert.Equal(LoadTestState.Completed, record.State);
        Assert.Null(record.DeploymentId);
        var warning = Assert.Single(record.Warnings);
        Assert.Contains("refused 2.0.0: Deployment d-1 (1.5.0) is running on test", warning);
        Assert.Empty(harness.Deployments.List());
        Assert.Contains(record.Markers, m => m.Label.StartsWith("deploy-at refused", StringComparison.Ordinal));
        Assert.Equal(3, record.Result!.Phases[0].Totals.Seconds);
    }

    [Fact]
    public async Task DeployAt_StoppedBeforeItsSecond_NoDeploymentAndAWarning()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 60, deployAt: 50), "tester");
        await harness.WaitSecondsAsync(id, 1);

        harness.Service.Stop(id, "tester");
        var record = await harness.WaitEndedAsync(id);

        Assert.Empty(harness.Deployments.List());
        Assert.Contains(record.Warnings, w => w.Contains("ended before deploy-at (50 s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployAt_LoadBalancerUnreachable_DeploymentFailsAndStillMakesTheDuringPhase()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        harness.LoadBalancer.LostAfterCommands = 0;

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 4, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        var deployment = harness.Deployments.Find(record.DeploymentId!);
        Assert.NotNull(deployment);
        Assert.Equal((LoadTestService.DeployAtRequester, "2.0.0"), (deployment.RequestedBy, deployment.Version));
        Assert.Equal(DeploymentState.Failed, deployment.State);
        Assert.Contains(record.Markers, m => m.Kind == RunEventKind.DeploymentStarted && m.DeploymentId == deployment.Id);
        Assert.Contains(record.Markers, m => m.Kind == RunEventKind.DeploymentEnded && m.DeploymentId == deployment.Id);
        AssertPhasesFollowTheDeployment(record, seconds: 4);
    }

    /// <summary>
    /// Second 0 is Before (deploy-at never fires early) and the deploy-at second is During; After holds the seconds
    /// that began after the deployment finished, which on a loaded machine may be none.
    /// </summary>
    private static void AssertPhasesFollowTheDeployment(LoadTestRecord record, int seconds)
    {
        var result = record.Result!;
        Assert.NotNull(result.DeploymentStartedAt);
        Assert.True(result.DeploymentStartedAt >= record.StartedAt + TimeSpan.FromSeconds(1), "deploy-at 1 s");
        Assert.True(result.Phases[0].Totals.Seconds >= 1, "second 0 is before the deployment");
        Assert.True(result.Phases[1].Totals.Seconds >= 1, "the deploy-at second is during");
        Assert.Equal(seconds, result.Phases.Sum(p => p.Totals.Seconds));
        var after = result.DeploymentEndedAt is { } ended
            ? Enumerable.Range(0, seconds).Count(s => record.StartedAt + TimeSpan.FromSeconds(s) >= ended)
            : 0;
        Assert.Equal(after, result.Phases[2].Totals.Seconds);
    }

    [Theory]
    [InlineData(0, 1.5, 1.5)]
    [InlineData(1, 1.5, 0.5)]
    [InlineData(2, 1.5, 0)]
    public void DelayUntilDeploy_FromStartAndNow_WaitsTheRestOrNothing(double nowSeconds, double deployAt, double expected)
    {
        var start = TestSamples.RunStart;

        var delay = LoadTestService.DelayUntilDeploy(start, TimeSpan.FromSeconds(deployAt), start + TimeSpan.FromSeconds(nowSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expected), delay);
    }
}
