using System.Collections.Immutable;
using BlueGreen.Core.Streams;

namespace BlueGreen.Core.Status;

/// <summary>
/// The latest status of every environment, offered as a snapshot (<see cref="Current"/>) plus a stream
/// (<see cref="Subscribe"/>). Singleton; thread-safe. Writers are the poller (and tests); readers are pages and
/// the REST API. Statuses are immutable records.
/// </summary>
public sealed class EnvironmentStatusStore(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private readonly Broadcaster<EnvironmentStatus> _changes = new(timeProvider);
    private ImmutableDictionary<string, EnvironmentStatus> _current = ImmutableDictionary.Create<string, EnvironmentStatus>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The latest status of each environment, by name.</summary>
    public IReadOnlyDictionary<string, EnvironmentStatus> Current => Volatile.Read(ref _current);

    public EnvironmentStatus? Get(string environment) => Current.GetValueOrDefault(environment);

    /// <summary>Replaces one environment's status and tells every subscriber.</summary>
    public void Publish(EnvironmentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        // Under the lock, so subscribers see statuses of one environment in the order they were stored.
        lock (_lock)
        {
            _current = _current.SetItem(status.Name, status);
            _changes.Publish(status);
        }
    }

    /// <summary>
    /// Every status published after this call, in batches (a reader keeps the last one per environment). Subscribe
    /// before reading <see cref="Current"/>, so no update can fall between the snapshot and the stream. Dispose to
    /// unsubscribe.
    /// </summary>
    public Subscription<EnvironmentStatus> Subscribe() => _changes.Subscribe();

    /// <summary>Number of live subscriptions (for tests and diagnostics).</summary>
    public int SubscriberCount => _changes.SubscriberCount;
}
