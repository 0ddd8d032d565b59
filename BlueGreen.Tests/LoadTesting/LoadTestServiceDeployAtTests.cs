using BlueGreen.Core.Deployment;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.Status;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>Deploy-at: with a fake engine (timing and refusal), and with the real engine on an environment whose load
/// balancer cannot be reached, so its deployment starts and fails within milliseconds.</summary>
[Collection(LoadTestServiceCollection.Name)]
public sealed class LoadTestServiceDeployAtTests
{
    [Fact]
    public async Task DeployAt_EngineStartsIt_DeploymentRecordedAndPhasesSplit()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        harness.Fake.Length = TimeSpan.FromSeconds(1);

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 4, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        var (request, at) = Assert.Single(harness.Fake.Requests);
        Assert.Equal(("test", "2.0.0", LoadTestService.DeployAtRequester), (request.Environment, request.Version, request.RequestedBy));
        Assert.True(at >= record.StartedAt + TimeSpan.FromSeconds(1), $"deployed at {at:O}, run started {record.StartedAt:O}");
        Assert.NotNull(record.DeploymentId);
        Assert.Equal(record.DeploymentId, record.PhaseDeploymentId);
        // Seen live on the stream and again in the store at the end: each event is one marker.
        var events = record.Markers.Where(m => m.DeploymentEvent is not null).ToList();
        Assert.Equal([RunEventKind.DeploymentStarted, RunEventKind.Marker, RunEventKind.DeploymentEnded], events.Select(m => m.Kind));
        Assert.Single(record.Markers, m => m.DeploymentEvent is null && m.Label.StartsWith("deploy-at: deployment", StringComparison.Ordinal));
        AssertPhasesFollowTheDeployment(record, seconds: 4);
        Assert.Empty(record.Warnings);
    }

    [Fact]
    public async Task DeployAt_EngineRefuses_WarningRecordedAndTheTestGoesOn()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        harness.Fake.Refusal = new DeploymentRejectedException(DeploymentRejection.Conflict, "Deployment d-1 is running on test.", runningId: "d-1");

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 3, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        Assert.Equal(LoadTestState.Completed, record.State);
        Assert.Null(record.DeploymentId);
        var warning = Assert.Single(record.Warnings);
        Assert.Contains("refused 2.0.0: Deployment d-1 is running on test.", warning);
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

        Assert.Empty(harness.Fake.Requests);
        Assert.Contains(record.Warnings, w => w.Contains("ended before deploy-at (50 s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployAt_RealEngine_DeploymentStartsFailsAndMakesTheDuringPhase()
    {
        DeploymentEngine? engine = null;
        await using var harness = await LoadTestServiceHarness.StartAsync(starter: h =>
        {
            var registry = new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(h.Options.Value, NullLoggerFactory.Instance, TimeProvider.System));
            engine = new DeploymentEngine(h.Catalog, registry, h.Deployments, new EnvironmentLocks(),
                new SwitchOrchestrator(TimeProvider.System, NullLogger<SwitchOrchestrator>.Instance),
                new SmokeTester(new HttpClient(), new ServerVersionProbe(new HttpClient()), TimeProvider.System),
                new NoSteps(),
                new ServerVersionProbe(new HttpClient()), TimeProvider.System, NullLogger<DeploymentEngine>.Instance);
            return new DeploymentEngineStarter(engine);
        });

        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 4, deployAt: 1), "tester");
        var record = await harness.WaitEndedAsync(id);

        var deployment = harness.Deployments.Find(record.DeploymentId!);
        Assert.NotNull(deployment);
        Assert.Equal((LoadTestService.DeployAtRequester, "2.0.0"), (deployment.RequestedBy, deployment.Version));
        Assert.Equal(DeploymentState.Failed, deployment.State);
        Assert.Contains(record.Markers, m => m.Kind == RunEventKind.DeploymentStarted && m.DeploymentId == deployment.Id);
        Assert.Contains(record.Markers, m => m.Kind == RunEventKind.DeploymentEnded && m.DeploymentId == deployment.Id);
        AssertPhasesFollowTheDeployment(record, seconds: 4);
        await engine!.StopAsync(TestContext.Current.CancellationToken).WaitAsync(LoadTestServiceHarness.Patience, TestContext.Current.CancellationToken);
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

    /// <summary>The deployment fails before any step (its load balancer cannot be reached), so steps are never run.</summary>
    private sealed class NoSteps : IDeployStepRunner
    {
        public Task RunAsync(DeployStepContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
