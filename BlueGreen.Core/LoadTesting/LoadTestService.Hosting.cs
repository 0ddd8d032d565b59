using BlueGreen.Core.LoadTesting.Phases;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    // On stop, running tests get this long to end (they stop within ~1 s) and save their results.
    private static readonly TimeSpan s_stopPatience = TimeSpan.FromSeconds(10);

    /// <summary>Marks tests a previous process left running as Interrupted, summarising the seconds it stored.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var record in store.Running())
        {
            if (_live.ContainsKey(record.Id))
            {
                continue;
            }
            var samples = store.Samples(record.Id, includeClients: true);
            var end = samples.Count > 0 ? samples.Max(s => s.End) : record.StartedAt;
            var events = deployments.Events(record.Environment, record.StartedAt, end);
            record.Markers.AddRange(events.Where(e => record.Markers.All(m => m.DeploymentEventId != e.Id))
                .Select(e => LoadTestMarker.FromDeploymentEvent(e, record.StartedAt)));
            Reclassify(record);
            record.Result = BuildResult(record, samples, summary: null);
            record.State = LoadTestState.Interrupted;
            record.EndedAt = end;
            record.Error = $"The dashboard stopped during this test; the {record.Result.Seconds} second(s) stored until then are kept and summarised.";
            record.Evaluation = LoadTestEvaluation.Of(record);
            store.Save(record);
            LogInterrupted(record.Id, record.Environment, record.Result.Seconds);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops running tests; they end as Interrupted, with their samples and a summary of what ran.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] running;
        lock (_startLock)
        {
            foreach (var live in _live.Values)
            {
                live.Interrupted = true;
            }
            running = _live.Values.Select(l => l.Execution).OfType<Task>().ToArray();
            // Every test's stop token is linked to this one.
            _stopping.Cancel();
        }
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(s_stopPatience, timeProvider, cancellationToken)).ConfigureAwait(false);
    }
}
