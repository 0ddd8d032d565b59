using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Status;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Reports;

/// <summary>
/// Records the environment's snapshot (from the status poller's last reading) when a load test or an experiment is
/// first seen running, so its report can show the HAProxy and server states it started from; drops a deleted load
/// test's. Reads the services' streams only: it never delays a start. A start it misses (a full stream queue) has no
/// snapshot, and its report says so. Hosted service.
/// </summary>
public sealed partial class SnapshotRecorder(
    SnapshotStore snapshots,
    LoadTestService loadTests,
    ExperimentStore experiments,
    EnvironmentStatusStore statuses,
    EnvironmentCatalog catalog,
    TimeProvider timeProvider,
    ILogger<SnapshotRecorder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Subscribed before anything starts (hosted services start in order; this one is registered first).
        using var tests = loadTests.Subscribe();
        using var runs = experiments.Subscribe();
        await Task.WhenAll(FollowLoadTestsAsync(tests, stoppingToken), FollowExperimentsAsync(runs, stoppingToken)).ConfigureAwait(false);
    }

    private async Task FollowLoadTestsAsync(Streams.Subscription<LoadTestChange> subscription, CancellationToken cancellationToken)
    {
        await foreach (var batch in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var change in batch.Items)
            {
                var key = SnapshotStore.LoadTestKey(change.TestId);
                if (change.Deleted)
                {
                    Try(() => snapshots.Delete(key));
                }
                else if (change.State == LoadTestState.Running)
                {
                    Record(key, change.Item.Environment);
                }
            }
        }
    }

    private async Task FollowExperimentsAsync(Streams.Subscription<ExperimentChange> subscription, CancellationToken cancellationToken)
    {
        await foreach (var batch in subscription.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var change in batch.Items.Where(c => c.Experiment.State == ExperimentState.Running))
            {
                Record(SnapshotStore.ExperimentKey(change.ExperimentId), change.Experiment.Definition.Environment);
            }
        }
    }

    private void Record(string key, string environment)
    {
        if (catalog.Find(environment) is not { } options)
        {
            return;
        }
        Try(() => snapshots.AddIfMissing(key, EnvironmentSnapshot.Of(options, statuses.Get(options.Name), timeProvider.GetUtcNow())));
    }

    // A snapshot is worth less than the dashboard staying up: a storage error is logged and the run goes on.
    private void Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is LiteDB.LiteException or IOException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not store an environment snapshot for a report")]
    private partial void LogFailed(Exception exception);
}
