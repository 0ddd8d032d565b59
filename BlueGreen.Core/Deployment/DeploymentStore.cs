using BlueGreen.Core.Storage;
using BlueGreen.Core.Streams;
using BlueGreen.Core.Switching;
using LiteDB;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// Deployments, their log lines and events in LiteDB, plus one live stream for pages: every saved record, log line
/// and event is published. Everything it returns or publishes is immutable, and every record it hands out carries
/// its <see cref="DeploymentRecord.AllowedActions"/> (from <see cref="DeploymentRules"/>, which needs the
/// environment's latest switched deployment: kept here). Singleton; thread-safe.
/// </summary>
public sealed class DeploymentStore
{
    private readonly ILiteCollection<DeploymentRecord> _deployments;
    private readonly ILiteCollection<DeploymentLogLine> _logs;
    private readonly ILiteCollection<DeploymentEvent> _events;
    private readonly Broadcaster<DeploymentChange> _changes;
    // Guards saves, so the latest-switched index and the order of published records agree with the file.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DeploymentRecord?> _latestSwitched = new(StringComparer.OrdinalIgnoreCase);

    public DeploymentStore(BlueGreenDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        RegisterEnums(database.Mapper);
        _deployments = database.Collection<DeploymentRecord>("deployments");
        _deployments.EnsureIndex(d => d.Environment);
        _deployments.EnsureIndex(d => d.CreatedAt);
        _logs = database.Collection<DeploymentLogLine>("deployment_logs");
        _logs.EnsureIndex(l => l.DeploymentId);
        _events = database.Collection<DeploymentEvent>("deployment_events");
        _events.EnsureIndex(e => e.Environment);
        _events.EnsureIndex(e => e.At);
        _changes = new Broadcaster<DeploymentChange>(timeProvider);
    }

    public DeploymentRecord? Find(string id) => _deployments.FindById(id) is { } record ? WithActions(record) : null;

    /// <summary>Newest first, optionally for one environment.</summary>
    public IReadOnlyList<DeploymentRecord> List(string? environment = null, int limit = 200)
        => (environment is null
                ? _deployments.Query()
                : _deployments.Query().Where(d => d.Environment == environment))
            .OrderByDescending(d => d.CreatedAt).Limit(limit).ToList().Select(WithActions).ToList();

    public IReadOnlyList<DeploymentRecord> Active()
        => _deployments.FindAll().Where(d => DeploymentStateMachine.IsActive(d.State)).Select(WithActions).ToList();

    /// <summary>The environment's latest deployment whose switch moved (or may have moved) traffic: the only one a rollback may undo.</summary>
    public string? LatestSwitchedId(string environment)
    {
        lock (_lock)
        {
            return LatestSwitched(environment)?.Id;
        }
    }

    /// <summary>Every log line of a deployment, oldest first (bounded: a step keeps at most
    /// <c>Deployment:MaxOutputLinesPerStep</c> lines per server).</summary>
    public IReadOnlyList<DeploymentLogLine> Logs(string deploymentId) => Logs(deploymentId, after: 0, limit: int.MaxValue);

    /// <summary>At most <paramref name="limit"/> log lines whose id is above <paramref name="after"/>, oldest first.</summary>
    public IReadOnlyList<DeploymentLogLine> Logs(string deploymentId, long after, int limit)
        => _logs.Query().Where(l => l.DeploymentId == deploymentId && l.Id > after).OrderBy(l => l.Id).Limit(limit).ToList();

    /// <summary>The last <paramref name="limit"/> log lines whose id is below <paramref name="before"/>, oldest first
    /// (a page shows the end of a long log, and earlier lines on request).</summary>
    public IReadOnlyList<DeploymentLogLine> LogsBefore(string deploymentId, long before, int limit)
        => [.. _logs.Query().Where(l => l.DeploymentId == deploymentId && l.Id < before).OrderByDescending(l => l.Id).Limit(limit).ToList().AsEnumerable().Reverse()];

    /// <summary>How many log lines the deployment has below <paramref name="before"/>.</summary>
    public int LogCount(string deploymentId, long before = long.MaxValue)
        => _logs.Count(l => l.DeploymentId == deploymentId && l.Id < before);

    /// <summary>Events of an environment between two instants (for load-test phases), queried in the file.</summary>
    public IReadOnlyList<DeploymentEvent> Events(string environment, DateTimeOffset from, DateTimeOffset to)
        => _events.Query().Where(e => e.Environment == environment && e.At >= from && e.At <= to).OrderBy(e => e.At).ToList();

    public IReadOnlyList<DeploymentEvent> EventsOf(string deploymentId)
        => _events.Query().Where(e => e.DeploymentId == deploymentId).OrderBy(e => e.Id).ToList();

    /// <summary>
    /// Deletes a finished deployment with its log and events (retention). Refused (false) for one still active and for
    /// its environment's latest switched deployment: that one is what a rollback undoes.
    /// </summary>
    public bool DeleteFinished(string id)
    {
        lock (_lock)
        {
            if (_deployments.FindById(id) is not { } record || DeploymentStateMachine.IsActive(record.State) || LatestSwitched(record.Environment)?.Id == id)
            {
                return false;
            }
            _logs.DeleteMany(l => l.DeploymentId == id);
            _events.DeleteMany(e => e.DeploymentId == id);
            return _deployments.Delete(id);
        }
    }

    /// <summary>Inserts or replaces a deployment and publishes it; returns it as published (with its allowed actions).</summary>
    public DeploymentRecord Save(DeploymentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            var stored = record with { AllowedActions = [] };
            // Read before the write: a first, lazy read must not already see this record.
            var before = LatestSwitched(stored.Environment);
            _deployments.Upsert(stored);
            if (DeploymentRules.HasSwitched(stored))
            {
                if (before is null || before.Id == stored.Id || stored.CreatedAt >= before.CreatedAt)
                {
                    _latestSwitched[stored.Environment] = stored;
                }
            }
            else if (before?.Id == stored.Id)
            {
                // Its switch was undone before anything moved: look again.
                _latestSwitched.Remove(stored.Environment);
            }
            var published = WithActions(stored);
            _changes.Publish(new DeploymentChange(stored.Id, stored.Environment, Record: published));
            // When another deployment became or stopped being the one a rollback may undo, pages showing it must hear so.
            var after = LatestSwitched(stored.Environment);
            foreach (var other in new[] { before?.Id, after?.Id }.OfType<string>().Distinct().Where(id => id != stored.Id && before?.Id != after?.Id))
            {
                if (_deployments.FindById(other) is { } changed)
                {
                    _changes.Publish(new DeploymentChange(changed.Id, changed.Environment, Record: WithActions(changed)));
                }
            }
            return published;
        }
    }

    public void AddLog(DeploymentLogLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _logs.Insert(line);
        _changes.Publish(new DeploymentChange(line.DeploymentId, null, Log: line));
    }

    public void AddEvent(DeploymentEvent deploymentEvent)
    {
        ArgumentNullException.ThrowIfNull(deploymentEvent);
        _events.Insert(deploymentEvent);
        _changes.Publish(new DeploymentChange(deploymentEvent.DeploymentId, deploymentEvent.Environment, Event: deploymentEvent));
    }

    /// <summary>
    /// Streams every change after this call (records, log lines, events), in throttled batches; with
    /// <paramref name="deploymentId"/>, only that deployment's. Subscribe before reading the snapshot so nothing falls
    /// between them. A batch that says it missed items means the reader fell far behind: re-read the snapshot.
    /// </summary>
    public Subscription<DeploymentChange> Subscribe(string? deploymentId = null)
        => _changes.Subscribe(deploymentId is null ? null : change => change.DeploymentId == deploymentId);

    /// <summary>As <see cref="Subscribe"/>, but only saved records (a list of deployments needs no log line).</summary>
    public Subscription<DeploymentChange> SubscribeRecords() => _changes.Subscribe(change => change.Record is not null);

    /// <summary>As <see cref="Subscribe"/>, but only the events of <paramref name="environment"/> (load tests draw them as markers).</summary>
    public Subscription<DeploymentChange> SubscribeEvents(string environment)
        => _changes.Subscribe(change => change.Event is { } e && string.Equals(e.Environment, environment, StringComparison.OrdinalIgnoreCase));

    private DeploymentRecord WithActions(DeploymentRecord record)
    {
        lock (_lock)
        {
            return record with { AllowedActions = DeploymentRules.Allowed(record, LatestSwitched(record.Environment)?.Id) };
        }
    }

    // Call under _lock. Loads lazily: the newest deployments of an environment first, so this reads a few records.
    private DeploymentRecord? LatestSwitched(string environment)
    {
        if (!_latestSwitched.TryGetValue(environment, out var latest))
        {
            latest = _deployments.Query().Where(d => d.Environment == environment).OrderByDescending(d => d.CreatedAt)
                .ToEnumerable().FirstOrDefault(DeploymentRules.HasSwitched);
            _latestSwitched[environment] = latest;
        }
        return latest;
    }

    // Audits stored before these were enums hold "switch", "rollback", "drained-late", "shutdown-sessions".
    private static void RegisterEnums(BsonMapper mapper)
    {
        mapper.RegisterType(kind => new BsonValue(kind.ToString()), value => ParseLenient<SwitchKind>(value.AsString));
        mapper.RegisterType(outcome => new BsonValue(outcome.ToString()), value => ParseLenient<DrainOutcome>(value.AsString));
    }

    private static T ParseLenient<T>(string? text) where T : struct, Enum
        => Enum.TryParse<T>(text?.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var value) ? value : default;
}
