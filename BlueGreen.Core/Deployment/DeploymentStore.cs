using System.Threading.Channels;
using BlueGreen.Core.Storage;
using LiteDB;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Deployments, their log lines and events in LiteDB, plus live streams for pages: every change of a record
/// and every event is published to subscribers. Singleton; thread-safe.
/// </summary>
public sealed class DeploymentStore
{
    private readonly ILiteCollection<DeploymentRecord> _deployments;
    private readonly ILiteCollection<DeploymentLogLine> _logs;
    private readonly ILiteCollection<DeploymentEvent> _events;
    private readonly Lock _lock = new();
    private readonly List<Channel<DeploymentChange>> _subscribers = [];

    public DeploymentStore(BlueGreenDatabase database)
    {
        _deployments = database.Collection<DeploymentRecord>("deployments");
        _deployments.EnsureIndex(d => d.Environment);
        _deployments.EnsureIndex(d => d.CreatedAt);
        _logs = database.Collection<DeploymentLogLine>("deployment_logs");
        _logs.EnsureIndex(l => l.DeploymentId);
        _events = database.Collection<DeploymentEvent>("deployment_events");
        _events.EnsureIndex(e => e.Environment);
        _events.EnsureIndex(e => e.At);
    }

    public DeploymentRecord? Find(string id) => _deployments.FindById(id);

    /// <summary>Newest first, optionally for one environment.</summary>
    public IReadOnlyList<DeploymentRecord> List(string? environment = null, int limit = 200)
        => (environment is null
                ? _deployments.Query()
                : _deployments.Query().Where(d => d.Environment == environment))
            .OrderByDescending(d => d.CreatedAt).Limit(limit).ToList();

    public IReadOnlyList<DeploymentRecord> Active()
        => _deployments.FindAll().Where(d => DeploymentStateMachine.IsActive(d.State)).ToList();

    public IReadOnlyList<DeploymentLogLine> Logs(string deploymentId)
        => _logs.Query().Where(l => l.DeploymentId == deploymentId).OrderBy(l => l.Id).ToList();

    /// <summary>Events of an environment between two instants (for load-test phases).</summary>
    public IReadOnlyList<DeploymentEvent> Events(string environment, DateTimeOffset from, DateTimeOffset to)
        => _events.Query().Where(e => e.Environment == environment).ToList()
            .Where(e => e.At >= from && e.At <= to).OrderBy(e => e.At).ToList();

    public IReadOnlyList<DeploymentEvent> EventsOf(string deploymentId)
        => _events.Query().Where(e => e.DeploymentId == deploymentId).OrderBy(e => e.Id).ToList();

    /// <summary>Inserts or replaces a deployment and tells subscribers.</summary>
    public void Save(DeploymentRecord record)
    {
        _deployments.Upsert(record);
        Publish(new DeploymentChange(record.Id, record.Environment, Record: record));
    }

    public void AddLog(DeploymentLogLine line)
    {
        _logs.Insert(line);
        Publish(new DeploymentChange(line.DeploymentId, null, Log: line));
    }

    public void AddEvent(DeploymentEvent deploymentEvent)
    {
        _events.Insert(deploymentEvent);
        Publish(new DeploymentChange(deploymentEvent.DeploymentId, deploymentEvent.Environment, Event: deploymentEvent));
    }

    /// <summary>
    /// Streams every change after this call (records, log lines, events). Subscribe before reading the snapshot
    /// so nothing falls between them. Unbounded: log lines must not be dropped; a reader that stops reading
    /// must dispose its subscription.
    /// </summary>
    public Subscription<DeploymentChange> Subscribe()
    {
        var channel = Channel.CreateUnbounded<DeploymentChange>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }
        return new Subscription<DeploymentChange>(channel.Reader, () =>
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
            channel.Writer.TryComplete();
        });
    }

    private void Publish(DeploymentChange change)
    {
        lock (_lock)
        {
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryWrite(change);
            }
        }
    }
}
