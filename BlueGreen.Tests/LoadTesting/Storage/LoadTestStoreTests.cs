using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.LoadTesting.Storage;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using LiteDB;

namespace BlueGreen.Tests.LoadTesting.Storage;

/// <summary>
/// The stored shape of load tests (their settings), samples and totals: existing databases must keep loading, so
/// field names are pinned here, and documents written in the original shape are read back.
/// </summary>
public sealed class LoadTestStoreTests : IDisposable
{
    private static readonly string[] s_countFields =
        ["BytesReceived", "DurationSeconds", "Failures", "Intended", "LatencyHistogram", "Ok", "Sent", "ServiceTimeHistogram", "Unsent"];

    private static readonly string[] s_failureFields = ["Aborted", "ConnectionRefused", "Http4xx", "Http5xx", "Other", "Reset", "Timeout"];

    private readonly string _folder = Integration.TempFolder("loadstore");

    private string DbPath => Path.Combine(_folder, "bluegreen.db");

    [Fact]
    public void AddSamples_StoredDocument_KeepsItsFieldNames()
    {
        using var database = new BlueGreenDatabase(DbPath);
        var store = new LoadTestStore(database);

        store.AddSamples("lt-1", [TestSamples.Second(2, ok: 90, latencyMs: 10, http5xx: 10, unsent: 5, client: 1, warmUp: true)]);

        var stored = Assert.Single(database.Collection<BsonDocument>("loadtest_samples").FindAll());
        Assert.Equal(
            s_countFields.Concat(["_id", "Client", "IsWarmUp", "Second", "Start", "TestId"]).Order(StringComparer.Ordinal),
            stored.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(s_failureFields, stored["Failures"].AsDocument.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TotalsDocument_Stored_KeepsItsFieldNames()
    {
        using var database = new BlueGreenDatabase(DbPath);
        var totals = LoadTotals.Sum([TestSamples.Second(0, ok: 90, latencyMs: 10, http5xx: 10, unsent: 5)]);

        database.Collection<LoadTotalsDocument>("totals").Insert(1, LoadTotalsDocument.From(totals));

        var stored = Assert.Single(database.Collection<BsonDocument>("totals").FindAll());
        Assert.Equal(s_countFields.Concat(["_id", "Seconds"]).Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Samples_DocumentInTheOriginalShape_ReadsBack()
    {
        var histogram = TestSamples.Second(0, ok: 90, latencyMs: 10).LatencyHistogram.CompressedBase64;
        using (var database = new BlueGreenDatabase(DbPath))
        {
            // Written field by field, as the first release stored a sample (DateTimeOffset as UTC ticks).
            database.Collection<BsonDocument>("loadtest_samples").Insert(new BsonDocument
            {
                ["_id"] = 1L,
                ["TestId"] = "lt-old",
                ["Second"] = 4,
                ["Client"] = 2,
                ["Start"] = TestSamples.RunStart.AddSeconds(4).UtcTicks,
                ["DurationSeconds"] = 0.5,
                ["IsWarmUp"] = false,
                ["Intended"] = 105L,
                ["Sent"] = 100L,
                ["Ok"] = 90L,
                ["Failures"] = new BsonDocument
                {
                    ["ConnectionRefused"] = 1L, ["Reset"] = 2L, ["Timeout"] = 3L, ["Http5xx"] = 4L, ["Http4xx"] = 0L, ["Other"] = 0L, ["Aborted"] = 0L,
                },
                ["Unsent"] = 5L,
                ["BytesReceived"] = 92_160L,
                ["LatencyHistogram"] = histogram,
                ["ServiceTimeHistogram"] = BsonValue.Null,
            });
        }

        using var reopened = new BlueGreenDatabase(DbPath);
        var sample = Assert.Single(new LoadTestStore(reopened).Samples("lt-old", includeClients: true));

        Assert.Equal((4, 2, TestSamples.RunStart.AddSeconds(4), 0.5, false), (sample.Second, sample.Client, sample.Start, sample.DurationSeconds, sample.IsWarmUp));
        Assert.Equal((105L, 100L, 90L, 5L, 92_160L), (sample.Intended, sample.Sent, sample.Ok, sample.Unsent, sample.BytesReceived));
        Assert.Equal(new FailureCounts { ConnectionRefused = 1, Reset = 2, Timeout = 3, Http5xx = 4 }, sample.Failures);
        Assert.Equal(10, sample.Failed);
        Assert.Equal(180, sample.ThroughputPerSecond);
        Assert.Equal(90, sample.Latency?.Count);
        Assert.Equal(histogram, sample.LatencyHistogram.CompressedBase64);
        Assert.Null(sample.ServiceTime);
        Assert.Equal("", sample.ServiceTimeHistogram.CompressedBase64);
    }

    [Fact]
    public void TotalsDocument_InTheOriginalShape_ReadsBack()
    {
        var histogram = TestSamples.Second(0, ok: 90, latencyMs: 10).LatencyHistogram.CompressedBase64;
        using var database = new BlueGreenDatabase(DbPath);
        database.Collection<BsonDocument>("totals").Insert(new BsonDocument
        {
            ["_id"] = 1,
            ["Seconds"] = 2,
            ["DurationSeconds"] = 2.0,
            ["Intended"] = 210L,
            ["Sent"] = 200L,
            ["Ok"] = 180L,
            ["Failures"] = new BsonDocument { ["Http5xx"] = 20L },
            ["Unsent"] = 10L,
            ["BytesReceived"] = 184_320L,
            ["LatencyHistogram"] = histogram,
            ["ServiceTimeHistogram"] = histogram,
        });

        var totals = database.Collection<LoadTotalsDocument>("totals").FindById(1).ToTotals();

        Assert.Equal((2, 2.0, 210L, 200L, 180L, 20L, 10L, 184_320L),
            (totals.Seconds, totals.DurationSeconds, totals.Intended, totals.Sent, totals.Ok, totals.Failed, totals.Unsent, totals.BytesReceived));
        Assert.Equal(90, totals.ThroughputPerSecond);
        Assert.Equal(10, totals.ErrorRatePercent, 9);
        Assert.Equal(100.0 * 30 / 210, totals.LossPercent, 9);
        Assert.Equal(90, totals.Latency?.Count);
        Assert.Equal(90, totals.ServiceTime?.Count);
    }

    [Fact]
    public void Save_Settings_TheWholeSpecReadsBackUnderItsFieldNames()
    {
        // Every field set (both targets' and both lengths'), so every name is stored.
        var spec = TestSpecs.Every with { LoadBalancer = "lb1", RequestsPerClient = 5000, InFlightCapPerClient = 300, Criteria = ["loss during <= 0 %", "p99 during <= 2 x p99 before"] };
        using (var database = new BlueGreenDatabase(DbPath))
        {
            new LoadTestStore(database).Save(new LoadTestRecord { Id = "lt-1", Environment = "test", Settings = spec });
            var stored = database.Collection<BsonDocument>("loadtests").FindById("lt-1")["Settings"].AsDocument;
            Assert.Equal(
                ["Clients", "Criteria", "DeployAt", "DeployStrategy", "DeployVersion", "Duration", "Environment", "InFlightCapPerClient", "KeepAlive", "LoadBalancer", "Method", "Path",
                 "RampUp", "RatePerClient", "RequestsPerClient", "Server", "Target", "Timeout", "WarmUp"],
                stored.Keys.Order(StringComparer.Ordinal));
        }

        using var reopened = new BlueGreenDatabase(DbPath);
        Assert.Equal(spec, new LoadTestStore(reopened).Find("lt-1")!.Settings);
    }

    [Fact]
    public void Find_SettingsInTheOriginalShape_ReadBackAsTheSpec()
    {
        using (var database = new BlueGreenDatabase(DbPath))
        {
            // Written field by field, as the first release stored LoadTestSettings (TimeSpans as ticks, nulls left out).
            database.Collection<BsonDocument>("loadtests").Insert(new BsonDocument
            {
                ["_id"] = "lt-old",
                ["Environment"] = "test",
                ["State"] = "Completed",
                ["Settings"] = new BsonDocument
                {
                    ["Environment"] = "test",
                    ["Target"] = "Server",
                    ["Server"] = "a1",
                    ["Path"] = "/x?y=1",
                    ["RatePerClient"] = 150.5,
                    ["Clients"] = 2,
                    ["Duration"] = 900_000_000L,
                    ["RampUp"] = 100_000_000L,
                    ["WarmUp"] = 50_000_000L,
                    ["Timeout"] = 25_000_000L,
                    ["KeepAlive"] = false,
                    ["Method"] = "HEAD",
                    ["DeployAt"] = 300_000_000L,
                    ["DeployVersion"] = "2.0.0",
                    ["DeployStrategy"] = "TwoPhase",
                },
            });
        }

        using var reopened = new BlueGreenDatabase(DbPath);
        var record = new LoadTestStore(reopened).Find("lt-old")!;

        Assert.Equal(LoadTestState.Completed, record.State);
        Assert.Equal(TestSpecs.Every, record.Settings);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
