using BlueGreen.Core.Status;
using BlueGreen.Core.Storage;
using LiteDB;

namespace BlueGreen.Core.Reports;

/// <summary>
/// The environment as it was when a load test or an experiment started (collection <c>snapshots</c>, keyed
/// <c>loadtest:{id}</c> / <c>experiment:{id}</c>), for their reports. Written once per run by
/// <see cref="SnapshotRecorder"/>; deleted with its load test. Singleton; thread-safe.
/// </summary>
public sealed class SnapshotStore
{
    private readonly ILiteCollection<StoredSnapshot> _snapshots;

    public SnapshotStore(BlueGreenDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        _snapshots = database.Collection<StoredSnapshot>("snapshots");
    }

    public static string LoadTestKey(string id) => $"loadtest:{id}";

    public static string ExperimentKey(string id) => $"experiment:{id}";

    public EnvironmentSnapshot? Find(string key) => _snapshots.FindById(key)?.Snapshot;

    /// <summary>Stores the first snapshot of <paramref name="key"/>; a later one never replaces it. True when stored.</summary>
    public bool AddIfMissing(string key, EnvironmentSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_snapshots.FindById(key) is not null)
        {
            return false;
        }
        return _snapshots.Insert(new StoredSnapshot { Id = key, Snapshot = snapshot }) is not null;
    }

    public bool Delete(string key) => _snapshots.Delete(key);

    /// <summary>One stored snapshot (LiteDB's document shape).</summary>
    public sealed class StoredSnapshot
    {
        public string Id { get; set; } = "";
        public EnvironmentSnapshot Snapshot { get; set; } = null!;
    }
}
