using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.LoadTesting.Storage;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    // How long a failed run's generator gets to close its connections after being stopped.
    private static readonly TimeSpan s_failedRunGrace = TimeSpan.FromSeconds(10);

    /// <summary>The background life of one test: samples, deployment events and deploy-at side by side, then the end.</summary>
    private async Task ExecuteAsync(LiveLoadTest live)
    {
        using var ended = new CancellationTokenSource();
        var following = FollowDeploymentsAsync(live, ended.Token);
        var deploying = live.Spec.DeployAt is { } at ? DeployAtAsync(live, at, ended.Token) : Task.CompletedTask;
        LoadTestSummary? summary = null;
        Exception? failure = null;
        try
        {
            await ReadSamplesAsync(live).ConfigureAwait(false);
            summary = await live.Run.Completion.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            LogRunFailed(ex, live.Record.Id);
            // A storage failure leaves the generator running: stop it and let it close its connections.
            await live.Stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAny(live.Run.Completion, Task.Delay(s_failedRunGrace, timeProvider, CancellationToken.None)).ConfigureAwait(false);
        }
        await ended.CancelAsync().ConfigureAwait(false);
        try
        {
            // Both end on their own once the run has ended; a fault in one (storage) must not lose the result.
            await Task.WhenAll(following, deploying).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogRunFailed(ex, live.Record.Id);
        }
        try
        {
            Finish(live, summary, failure);
        }
        catch (Exception ex)
        {
            LogRunFailed(ex, live.Record.Id);
        }
        finally
        {
            _live.TryRemove(live.Record.Id, out _);
            live.DeploymentChanges.Dispose();
            live.Stop.Dispose();
        }
    }

    /// <summary>Stores and publishes each second as soon as its merged sample (which follows the clients') arrives.</summary>
    private async Task ReadSamplesAsync(LiveLoadTest live)
    {
        var second = new List<LoadSample>();
        await foreach (var sample in live.Run.Samples.ReadAllAsync().ConfigureAwait(false))
        {
            second.Add(sample);
            if (sample.Client is not null)
            {
                continue;
            }
            store.AddSamples(live.Record.Id, second);
            lock (live.Gate)
            {
                live.Record.SecondsStored = sample.Second + 1;
                (live.Record.SoFar ??= new LoadTestSoFar()).Add(sample);
                store.Save(live.Record);
                var change = ChangeOf(live.Record);
                foreach (var each in second)
                {
                    Publish(change with { Sample = each });
                }
            }
            second = [];
        }
    }

    /// <summary>Turns every deployment event of the test's environment into a marker, as it happens.</summary>
    private async Task FollowDeploymentsAsync(LiveLoadTest live, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in live.DeploymentChanges.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // A reader that fell behind (Missed) finds the events in the store at the end: Finish reads them.
                AddMarkers(live, batch.Items
                    .Select(change => change.Event)
                    .OfType<DeploymentEvent>()
                    .Select(e => LoadTestMarker.FromDeploymentEvent(e, live.Record.StartedAt)));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run ended; Finish reads the store for anything still in flight.
        }
    }

    /// <summary>Adds markers not seen yet (deployment events are matched by id), reclassifies, saves and publishes.</summary>
    private void AddMarkers(LiveLoadTest live, IEnumerable<LoadTestMarker> markers)
    {
        lock (live.Gate)
        {
            var record = live.Record;
            var added = markers.Where(m => m.DeploymentEventId is null || record.Markers.All(x => x.DeploymentEventId != m.DeploymentEventId)).ToList();
            if (added.Count == 0)
            {
                return;
            }
            record.Markers.AddRange(added);
            Reclassify(record);
            store.Save(record);
            Publish(ChangeOf(record) with { Markers = record.Markers.ToList() });
        }
    }

    private static void Reclassify(LoadTestRecord record)
    {
        record.Markers = LoadTestPhases.Classify(record.Markers, record.DeploymentId);
        record.PhaseDeploymentId = LoadTestPhases.PhaseDeploymentId(record.Markers, record.DeploymentId);
    }

    /// <summary>Stores the end: events the stream may not have delivered yet, the result and phases, the final state.</summary>
    private void Finish(LiveLoadTest live, LoadTestSummary? summary, Exception? failure)
    {
        var record = live.Record;
        var end = summary?.EndedAt ?? timeProvider.GetUtcNow();
        // The store is the record of truth for deployment events; the stream only made them live.
        AddMarkers(live, deployments.Events(record.Environment, record.StartedAt, end).Select(e => LoadTestMarker.FromDeploymentEvent(e, record.StartedAt)));
        lock (live.Gate)
        {
            record.Result = BuildResult(record, store.Samples(record.Id, includeClients: true), summary);
            record.EndedAt = end;
            record.State = failure is not null ? LoadTestState.Failed
                : live.Interrupted ? LoadTestState.Interrupted
                : summary!.Stopped ? LoadTestState.Stopped
                : LoadTestState.Completed;
            record.Error = failure is not null ? $"The load generator failed: {failure.Message}"
                : live.Interrupted ? "The dashboard stopped during this test; the seconds run until then are kept and summarised."
                : record.Error;
            record.Evaluation = LoadTestEvaluation.Of(record);
            store.Save(record);
            Publish(ChangeOf(record));
        }
        LogFinished(record.Id, record.State, record.Result.Total.Intended, record.Result.Total.Ok, record.Result.Total.Failures.ToCounts().Total, record.Result.Total.Unsent);
    }

    /// <summary>
    /// The stored result: the generator's summary when there is one (equal to the samples' sum by its invariant),
    /// else sums of the stored samples (a failed or interrupted run); phases from the classified markers.
    /// </summary>
    private LoadTestResult BuildResult(LoadTestRecord record, IReadOnlyList<LoadSample> samples, LoadTestSummary? summary)
    {
        var merged = samples.Where(s => s.Client is null).ToList();
        var measured = samples.Where(s => !s.IsWarmUp).ToList();
        var clients = summary?.PerClient
            ?? Enumerable.Range(0, record.Settings.Clients).Select(c => LoadTotals.Sum(measured.Where(s => s.Client == c))).ToList();
        var split = new PhaseSplitter(Limits.Tiphon).Split(merged, record.Markers.Select(m => m.ToRunEvent()));
        return new LoadTestResult
        {
            Seconds = summary?.Seconds ?? merged.Count,
            WarmUpSeconds = summary?.WarmUpSeconds ?? merged.Count(s => s.IsWarmUp),
            OverdueRequests = summary?.OverdueRequests ?? 0,
            Total = LoadTotalsDocument.From(summary?.Total ?? LoadTotals.Sum(measured.Where(s => s.Client is null))),
            PerClient = clients.Select(LoadTotalsDocument.From).ToList(),
            Phases = split.All.Select(PhaseSummaryDocument.Create).ToList(),
            DeploymentStartedAt = split.DeploymentStartedAt,
            DeploymentEndedAt = split.DeploymentEndedAt,
        };
    }
}
