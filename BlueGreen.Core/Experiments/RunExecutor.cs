using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// Runs one run for real: brings the environment to the baseline (<see cref="RunExecutor.EnsureBaselineAsync"/>),
/// starts the run's load test with the scenario's deployment at the deploy-at second, waits for both to end (on
/// their streams, not by polling), and measures the run from the stored result. Singleton.
/// </summary>
public sealed partial class RunExecutor(
    EnvironmentCatalog catalog,
    DeploymentEngine engine,
    DeploymentStore deployments,
    LoadTestService loadTests,
    BaselineProbe baseline,
    IOptions<BlueGreenOptions> options,
    ILogger<RunExecutor> logger) : IRunExecutor
{
    /// <summary>Longest a run's deployment (or a baseline restore) may take after its load test ended.</summary>
    private static readonly TimeSpan s_deploymentPatience = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    public async Task<RunOutcome> ExecuteAsync(ExperimentRecord experiment, ExperimentRun run, Func<Func<ExperimentRun, ExperimentRun>, ExperimentRun> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(update);
        var definition = experiment.Definition;
        var level = definition.Levels.Single(l => l.Name == run.Level);
        var scenario = definition.Scenarios.Single(s => s.DisplayName == run.Scenario);
        var environment = catalog.Find(definition.Environment);
        if (environment is null)
        {
            return RunOutcome.Failure($"Environment {definition.Environment} is no longer configured.");
        }
        var by = $"experiment {experiment.Id}";

        var problem = await EnsureBaselineAsync(environment, scenario.BaselineVersion ?? definition.BaselineVersion, definition.BaselineGroup, by,
            action => update(r => r with { BaselineActions = [.. r.BaselineActions, action] }), cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return RunOutcome.Failure(problem);
        }

        string testId;
        try
        {
            testId = loadTests.Start(definition.SpecFor(level, scenario), by);
        }
        catch (LoadTestRejectedException ex)
        {
            return RunOutcome.Failure($"The load test was refused: {ex.Message}");
        }
        update(r => r with { LoadTestId = testId });
        var test = await WaitForLoadTestAsync(testId, cancellationToken).ConfigureAwait(false);
        if (test.State != LoadTestState.Completed || test.Result is null)
        {
            return RunOutcome.Failure($"Load test {testId} ended {test.State}: {test.Error ?? "no result"}");
        }

        DeploymentHealth? health = null;
        if (scenario.Kind != ScenarioKind.None)
        {
            if (test.DeploymentId is not { } deploymentId)
            {
                return RunOutcome.Failure($"The scenario's deployment did not start: {string.Join(" ", test.Warnings)}");
            }
            update(r => r with { DeploymentId = deploymentId });
            health = Health(await WaitForDeploymentAsync(deploymentId, cancellationToken).ConfigureAwait(false));
        }

        var measured = Measure(test, scenario.Measure, client: null);
        if (measured is null)
        {
            return RunOutcome.Failure($"The deployment touched no second of load test {testId}, so there is nothing to measure during it.");
        }
        return new RunOutcome
        {
            State = RunState.Completed,
            Measured = measured,
            PerClient = definition.PerClient
                ? [.. Enumerable.Range(0, level.Clients).Select(c => Measure(test, scenario.Measure, c)).OfType<RunMeasurement>()]
                : [],
            Deployment = health,
        };
    }

    /// <summary>Waits until the test has ended and returns it as stored; when cancelled, stops it first.</summary>
    private async Task<LoadTestRecord> WaitForLoadTestAsync(string testId, CancellationToken cancellationToken)
    {
        // Subscribed before the check, so an end in between arrives on the stream.
        using var subscription = loadTests.Subscribe(testId);
        if (loadTests.Get(testId) is { State: not LoadTestState.Running } already)
        {
            return already;
        }
        try
        {
            await foreach (var _ in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (loadTests.Get(testId) is { State: not LoadTestState.Running } ended)
                {
                    return ended;
                }
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                StopQuietly(testId);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return loadTests.Get(testId) ?? throw new InvalidOperationException($"Load test {testId} disappeared.");
    }

    private void StopQuietly(string testId)
    {
        try
        {
            loadTests.Stop(testId, "experiment cancelled");
        }
        catch (LoadTestRejectedException)
        {
            // It ended meanwhile.
        }
    }

    /// <summary>Waits until the deployment has ended (bounded) and returns it as stored.</summary>
    private async Task<DeploymentRecord> WaitForDeploymentAsync(string deploymentId, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(s_deploymentPatience);
        using var subscription = deployments.Subscribe(deploymentId);
        if (deployments.Find(deploymentId) is { } now && !DeploymentStateMachine.IsActive(now.State))
        {
            return now;
        }
        await foreach (var batch in subscription.ReadAllAsync(bounded.Token).ConfigureAwait(false))
        {
            if (batch.Items.Any(c => c.Record is not null) || batch.Missed)
            {
                if (deployments.Find(deploymentId) is { } record && !DeploymentStateMachine.IsActive(record.State))
                {
                    return record;
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        throw new TimeoutException($"Deployment {deploymentId} did not end within {s_deploymentPatience.TotalMinutes:0} min.");
    }

    private static DeploymentHealth Health(DeploymentRecord deployment) => new()
    {
        DeploymentId = deployment.Id,
        State = deployment.State,
        RolledBack = deployment.State == DeploymentState.RolledBack,
        TimeToDetect = deployment.TimeToDetect,
        TimeToRollback = deployment.TimeToRollback,
        SwitchLost = deployment.SwitchAudits.Sum(a => a.Lost),
        Error = deployment.Error,
    };

    /// <summary>One client's (or all clients') numbers over the window; null when the window holds no second.</summary>
    private RunMeasurement? Measure(LoadTestRecord test, MeasureWindow window, int? client)
    {
        var result = test.Result!;
        LoadTotals totals;
        if (window == MeasureWindow.WholeRun)
        {
            totals = client is { } c ? result.PerClient[c].ToTotals() : result.Total.ToTotals();
        }
        else if (client is null)
        {
            totals = result.Phases.Single(p => p.Phase == Phase.During).Totals.ToTotals();
        }
        else
        {
            // Phases are stored for all clients together: one client's During comes from its own seconds.
            var samples = loadTests.Samples(test.Id, includeClients: true);
            totals = new PhaseSplitter(options.Value.LoadTesting.Tiphon).Split(samples, test.Markers.Select(m => m.ToRunEvent()), client).During.Totals;
        }
        if (totals.Seconds == 0)
        {
            return null;
        }
        return new RunMeasurement
        {
            Client = client,
            Seconds = totals.Seconds,
            Intended = totals.Intended,
            Sent = totals.Sent,
            Ok = totals.Ok,
            Failed = totals.Failed,
            Unsent = totals.Unsent,
            ErrorRatePercent = totals.ErrorRatePercent,
            LossPercent = totals.LossPercent,
            MeanMs = totals.Latency?.MeanMs,
            P50Ms = totals.Latency?.P50Ms,
            P99Ms = totals.Latency?.P99Ms,
            MaxMs = totals.Latency?.MaxMs,
            ThroughputPerSecond = totals.ThroughputPerSecond,
        };
    }
}
