using System.Collections.Immutable;
using System.Threading.Channels;

namespace BlueGreen.Core.Status;

/// <summary>
/// The latest status of every environment, offered as a snapshot plus a stream. Singleton; thread-safe.
/// Writers are the poller (and tests); readers are pages and the REST API.
/// </summary>
public sealed class EnvironmentStatusStore
{
    private readonly Lock _lock = new();
    private readonly List<Channel<EnvironmentStatus>> _subscribers = [];
    private ImmutableDictionary<string, EnvironmentStatus> _current = ImmutableDictionary.Create<string, EnvironmentStatus>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The latest status of each environment, by name.</summary>
    public IReadOnlyDictionary<string, EnvironmentStatus> Current => Volatile.Read(ref _current);

    public EnvironmentStatus? Get(string environment) => Current.GetValueOrDefault(environment);

    /// <summary>Replaces one environment's status and tells every subscriber.</summary>
    public void Publish(EnvironmentStatus status)
    {
        lock (_lock)
        {
            _current = _current.SetItem(status.Name, status);
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryWrite(status);
            }
        }
    }

    /// <summary>
    /// Registers a subscriber that receives every status published after this call. Subscribe before reading
    /// <see cref="Current"/>, so no update can fall between the snapshot and the stream. Dispose to unsubscribe;
    /// the reader then completes.
    /// </summary>
    public Subscription<EnvironmentStatus> Subscribe()
    {
        // Bounded with DropOldest: a slow page only ever misses stale snapshots, and never holds the poller up.
        var channel = Channel.CreateBounded<EnvironmentStatus>(new BoundedChannelOptions(16)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }
        return new Subscription<EnvironmentStatus>(channel.Reader, () =>
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        });
    }

    /// <summary>Number of live subscriptions (for tests and diagnostics).</summary>
    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }
}
