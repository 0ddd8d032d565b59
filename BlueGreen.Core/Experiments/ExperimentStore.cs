using BlueGreen.Core.Storage;
using BlueGreen.Core.Streams;
using LiteDB;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// Experiments in LiteDB (one document each, with its runs), plus their live stream. Every save is one journalled
/// write, so a crash loses at most the change being written. What it returns and publishes is immutable and carries
/// its progress. Singleton; thread-safe.
/// </summary>
public sealed class ExperimentStore
{
    private readonly ILiteCollection<ExperimentRecord> _experiments;
    private readonly Broadcaster<ExperimentChange> _changes;
    private readonly TimeProvider _timeProvider;

    public ExperimentStore(BlueGreenDatabase database, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(database);
        _timeProvider = timeProvider;
        _experiments = database.Collection<ExperimentRecord>("experiments");
        _experiments.EnsureIndex(e => e.CreatedAt);
        _changes = new Broadcaster<ExperimentChange>(timeProvider);
    }

    public ExperimentRecord? Find(string id) => _experiments.FindById(id) is { } record ? WithProgress(record) : null;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<ExperimentRecord> List(int limit = 100)
        => [.. _experiments.Query().OrderByDescending(e => e.CreatedAt).Limit(limit).ToList().Select(WithProgress)];

    /// <summary>Experiments a previous process left running.</summary>
    public IReadOnlyList<ExperimentRecord> Running()
        => [.. _experiments.FindAll().Where(e => e.State == ExperimentState.Running).Select(WithProgress)];

    /// <summary>Inserts or replaces an experiment, publishes it, and returns it as published.</summary>
    public ExperimentRecord Save(ExperimentRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var stored = record with { Progress = null, UpdatedAt = _timeProvider.GetUtcNow() };
        _experiments.Upsert(stored);
        var published = WithProgress(stored);
        _changes.Publish(new ExperimentChange(stored.Id, published));
        return published;
    }

    /// <summary>
    /// Every saved experiment after this call (of every experiment, or of <paramref name="experimentId"/>), in
    /// throttled batches. Subscribe before reading the snapshot. A batch that missed items means: read again.
    /// </summary>
    public Subscription<ExperimentChange> Subscribe(string? experimentId = null)
        => _changes.Subscribe(experimentId is null ? null : change => change.ExperimentId == experimentId);

    private ExperimentRecord WithProgress(ExperimentRecord record) => record with { Progress = ExperimentProgress.Of(record, _timeProvider.GetUtcNow()) };
}
