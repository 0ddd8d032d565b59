using System.Threading.Channels;

namespace BlueGreen.Core.LoadTesting;

public sealed partial class LoadTestService
{
    private readonly Lock _subscribersLock = new();
    private readonly List<(Channel<LoadTestChange> Channel, string? TestId)> _subscribers = [];

    /// <summary>
    /// Streams every change after this call: of every test, or of <paramref name="testId"/> only. Subscribe before
    /// reading <see cref="Snapshot"/>, so nothing falls between them; a change may then repeat what the snapshot
    /// holds (skip samples at or below <see cref="LoadTestSnapshot.LastSecond"/>). Unbounded, so no second is dropped
    /// (a few per second per test): a reader that stops reading must dispose the subscription, which completes it.
    /// </summary>
    public Subscription<LoadTestChange> Subscribe(string? testId = null)
    {
        var channel = Channel.CreateUnbounded<LoadTestChange>(new UnboundedChannelOptions { SingleReader = true });
        var entry = (channel, testId);
        lock (_subscribersLock)
        {
            _subscribers.Add(entry);
        }
        return new Subscription<LoadTestChange>(channel.Reader, () =>
        {
            lock (_subscribersLock)
            {
                _subscribers.Remove(entry);
            }
            channel.Writer.TryComplete();
        });
    }

    /// <summary>
    /// The test now: its record, progress, every second so far and its markers; null when there is no such test.
    /// Consistent with the stream: taken under the same lock the running test publishes under.
    /// </summary>
    public LoadTestSnapshot? Snapshot(string id)
    {
        if (_live.TryGetValue(id, out var live))
        {
            lock (live.Gate)
            {
                if (live.Record.State == LoadTestState.Running)
                {
                    var copy = store.Find(id)!;
                    return new LoadTestSnapshot
                    {
                        Record = copy,
                        Progress = LoadTestProgress.Create(copy, live.Samples, timeProvider.GetUtcNow()),
                        Samples = live.OrderedSamples(),
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
        var samples = store.Samples(id, includeClients: true);
        return new LoadTestSnapshot
        {
            Record = record,
            Progress = LoadTestProgress.Create(record, samples, timeProvider.GetUtcNow()),
            Samples = samples,
            Markers = record.Markers,
        };
    }

    private void Publish(LoadTestChange change)
    {
        lock (_subscribersLock)
        {
            foreach (var (channel, testId) in _subscribers)
            {
                if (testId is null || testId == change.TestId)
                {
                    channel.Writer.TryWrite(change);
                }
            }
        }
    }
}
