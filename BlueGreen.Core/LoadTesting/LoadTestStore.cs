using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.LoadTesting.Storage;
using BlueGreen.Core.Storage;
using LiteDB;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// Load tests and their per-second samples (merged and per client) in LiteDB. Every call is its own journalled
/// write, so a crash loses at most the second being written. Singleton; thread-safe (LiteDB serialises writes).
/// </summary>
public sealed class LoadTestStore
{
    private readonly ILiteCollection<LoadTestRecord> _tests;
    private readonly ILiteCollection<LoadSampleDocument> _samples;

    /// <summary>Opens (and indexes) the collections in <paramref name="database"/>.</summary>
    public LoadTestStore(BlueGreenDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        // A spec's criteria are an array of texts; a test stored before criteria existed has none (the default).
        database.Mapper.RegisterType(
            criteria => new BsonArray(criteria.Select(text => new BsonValue(text))),
            bson => bson.IsArray ? CriteriaTexts.From(bson.AsArray.Select(v => v.IsString ? v.AsString : null)) : CriteriaTexts.None);
        _tests = database.Collection<LoadTestRecord>("loadtests");
        _tests.EnsureIndex(t => t.Environment);
        _tests.EnsureIndex(t => t.CreatedAt);
        _samples = database.Collection<LoadSampleDocument>("loadtest_samples");
        _samples.EnsureIndex(s => s.TestId);
    }

    /// <summary>A fresh copy of the test, or null.</summary>
    public LoadTestRecord? Find(string id) => _tests.FindById(id);

    /// <summary>Newest first, optionally for one environment.</summary>
    public IReadOnlyList<LoadTestRecord> List(string? environment = null, int limit = 200)
        => (environment is null ? _tests.Query() : _tests.Query().Where(t => t.Environment == environment))
            .OrderByDescending(t => t.CreatedAt).Limit(limit).ToList();

    /// <summary>Tests stored as running (after a restart: the ones a previous process left).</summary>
    public IReadOnlyList<LoadTestRecord> Running()
        => _tests.FindAll().Where(t => t.State == LoadTestState.Running).ToList();

    /// <summary>Inserts or replaces a test.</summary>
    public void Save(LoadTestRecord record) => _tests.Upsert(record);

    /// <summary>Appends one second's samples (the clients' and the merged one) in one write.</summary>
    public void AddSamples(string testId, IEnumerable<LoadSample> samples)
        => _samples.InsertBulk(samples.Select(s => LoadSampleDocument.From(testId, s)));

    /// <summary>The test's samples by second, the merged one first in each second, then the clients' (or only merged ones).</summary>
    public IReadOnlyList<LoadSample> Samples(string testId, bool includeClients)
        => _samples.Find(s => s.TestId == testId).Where(s => includeClients || s.Client is null)
            .OrderBy(s => s.Second).ThenBy(s => s.Client ?? -1).Select(s => s.ToSample()).ToList();

    /// <summary>Deletes the test and its samples; false when there was no such test.</summary>
    public bool Delete(string id)
    {
        _samples.DeleteMany(s => s.TestId == id);
        return _tests.Delete(id);
    }
}
