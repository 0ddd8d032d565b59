namespace BlueGreen.Core.Streams;

/// <summary>
/// The one way a core service tells pages (and other services) what changed: every <see cref="Publish(T)"/> goes to
/// every <see cref="Subscribe"/>r's own bounded queue, read in batches no closer together than
/// <see cref="Interval"/> (measured on the injected <see cref="TimeProvider"/>). Publishing never blocks and never
/// waits for a slow reader: when a reader's queue is full, what does not fit is dropped and the reader's next batch
/// says so (<see cref="StreamBatch{T}.Missed"/>), so it re-reads the snapshot instead of showing a gap.
/// Items must be immutable (records, snapshots): the same instance reaches every reader on its own thread.
/// Singleton per stream; thread-safe.
/// </summary>
public sealed class Broadcaster<T>
{
    /// <summary>How often a page is told at most: four times a second is live for a person and cheap for a circuit.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Items a reader may fall behind by before it misses some (a few minutes of a busy deployment log).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly int _capacity;
    private Subscription<T>[] _subscribers = [];

    /// <param name="timeProvider">Clock of the batching interval.</param>
    /// <param name="interval">Least time between two batches of one reader; zero for none.</param>
    /// <param name="capacity">Items one reader may have unread before it misses the rest.</param>
    public Broadcaster(TimeProvider timeProvider, TimeSpan? interval = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timeProvider = timeProvider;
        Interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThan(Interval, TimeSpan.Zero, nameof(interval));
        _capacity = capacity;
    }

    /// <summary>The least time between two batches of one reader.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Live subscriptions (for tests and diagnostics).</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>
    /// Starts a subscription that receives every item published after this call (those <paramref name="filter"/>
    /// accepts). Subscribe before reading the snapshot the items change, so nothing falls between the two (an
    /// item may then repeat what the snapshot holds: readers apply items idempotently). Dispose to unsubscribe; its
    /// reading then ends.
    /// </summary>
    public Subscription<T> Subscribe(Func<T, bool>? filter = null)
    {
        Subscription<T>? subscription = null;
        subscription = new Subscription<T>(_capacity, Interval, _timeProvider, filter, () => Remove(subscription!));
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    /// <summary>Hands <paramref name="item"/> to every subscriber. Never blocks.</summary>
    public void Publish(T item)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            subscriber.Offer(item);
        }
    }

    private void Remove(Subscription<T> subscription)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }
}
