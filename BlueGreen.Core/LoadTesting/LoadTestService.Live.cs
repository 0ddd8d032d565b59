using BlueGreen.Core.Streams;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    /// <summary>
    /// Streams every change after this call, in throttled batches: of every test, or of <paramref name="testId"/>
    /// only. Subscribe before reading <see cref="Snapshot"/>, so nothing falls between them; a change may then repeat
    /// what the snapshot holds (skip samples at or below <see cref="LoadTestSnapshot.LastSecond"/>). A batch that
    /// says it missed changes means the reader fell far behind: read the snapshot again.
    /// </summary>
    public Subscription<LoadTestChange> Subscribe(string? testId = null)
        => _changes.Subscribe(testId is null ? null : change => change.TestId == testId);

    /// <summary>
    /// The test now, for a page that draws it: its record, progress, every merged second so far (with their latency
    /// percentiles) and its markers; null when there is no such test. Consistent with the stream: the seconds are read
    /// from the store, where each is written before it is published, and the record under the lock the running test
    /// publishes under. The clients' own seconds are not read (<see cref="Samples"/>).
    /// </summary>
    public LoadTestSnapshot? Snapshot(string id)
    {
        if (_live.TryGetValue(id, out var live))
        {
            // Read outside the lock (a long test has thousands of seconds): every second is stored before it is
            // published, so one stored after this read reaches a subscriber through the stream.
            var samples = store.Samples(id, includeClients: false);
            lock (live.Gate)
            {
                if (live.Record.State == LoadTestState.Running)
                {
                    var copy = store.Find(id)!;
                    return new LoadTestSnapshot
                    {
                        Record = copy,
                        Progress = LoadTestProgress.Create(copy, timeProvider.GetUtcNow()),
                        Samples = samples,
                        Markers = copy.Markers,
                    };
                }
            }
        }
        // Ended (or ending: Finish saved the final record before releasing the lock).
        var record = store.Find(id);
        if (record is null)
        {
            return null;
        }
        return new LoadTestSnapshot
        {
            Record = record,
            Progress = LoadTestProgress.Create(record, timeProvider.GetUtcNow()),
            Samples = store.Samples(id, includeClients: false),
            Markers = record.Markers,
        };
    }

    /// <summary>The change that tells subscribers where <paramref name="record"/> is now (call under the test's lock).</summary>
    private LoadTestChange ChangeOf(LoadTestRecord record)
        => new(record.Id, record.State, LoadTestProgress.Create(record, timeProvider.GetUtcNow()), LoadTestListItem.From(record, DeploymentStateOf(record)));

    private void Publish(LoadTestChange change) => _changes.Publish(change);
}
