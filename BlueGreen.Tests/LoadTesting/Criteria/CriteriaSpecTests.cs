using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using LiteDB;

namespace BlueGreen.Tests.LoadTesting.Criteria;

/// <summary>Criteria as part of the spec: validated with it (named per criterion), in JSON an array of texts, stored with the test.</summary>
public sealed class CriteriaSpecTests : IDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly EnvironmentCatalog s_catalog = new([LoadTestServiceHarness.Environment(new Uri("http://10.0.0.10:8080/"))]);
    private readonly string _folder = Integration.TempFolder("criteria");

    private static LoadTestSpec Spec(CriteriaTexts criteria) => new()
    {
        Environment = "test",
        RatePerClient = 100,
        Duration = TimeSpan.FromSeconds(60),
        Criteria = criteria,
    };

    [Fact]
    public void Validate_ReadableCriteria_RunWithTheirNormalForm()
    {
        var validation = Spec(["LOSS during <= 0%", "p99 during<=2x before"]).Validate(new LoadTestOptions(), s_catalog);

        Assert.Empty(validation.Problems);
        Assert.Equal(["loss during <= 0 %", "p99 during <= 2 x p99 before"], validation.Spec!.Criteria);
    }

    [Fact]
    public void Validate_BadCriteria_EachNamedByIndexAndPart_NoneDropped()
    {
        var validation = Spec(["loss during <= 0 %", "p99 during <= -3 ms", "", "p98 <= 1 ms"]).Validate(new LoadTestOptions(), s_catalog);

        Assert.Equal(["Criteria[1].threshold", "Criteria[2]", "Criteria[3].metric"], validation.Problems.Select(p => p.Field));
        Assert.Null(validation.Spec);
    }

    [Fact]
    public void Validate_TooManyCriteria_Named()
    {
        var problem = Assert.Single(Spec(CriteriaTexts.From(Enumerable.Repeat("loss <= 0 %", LoadTestSpec.MaxCriteria + 1))).Validate(new LoadTestOptions(), s_catalog).Problems);

        Assert.Equal("Criteria", problem.Field);
    }

    [Fact]
    public void Json_CriteriaAreAnArrayOfTexts_NullReadsAsNone()
    {
        var spec = System.Text.Json.JsonSerializer.Deserialize<LoadTestSpec>("""{"environment":"test","criteria":["loss during <= 0 %", null]}""", s_json)!;
        var none = System.Text.Json.JsonSerializer.Deserialize<LoadTestSpec>("""{"environment":"test","criteria":null}""", s_json)!;
        var json = System.Text.Json.JsonSerializer.SerializeToElement(spec, s_json);

        Assert.Equal(["loss during <= 0 %", ""], spec.Criteria);
        Assert.Equal(["loss during <= 0 %", ""], json.GetProperty("criteria").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(none.Validate(new LoadTestOptions(), s_catalog).Problems, p => p.Field.StartsWith("Criteria", StringComparison.Ordinal));
        Assert.Throws<JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<LoadTestSpec>("""{"criteria":"loss <= 0 %"}""", s_json));
    }

    [Fact]
    public void Store_EvaluationAndCriteria_ReadBackAfterReopening_OldTestsHaveNone()
    {
        var path = Path.Combine(_folder, "bluegreen.db");
        var evaluation = LoadTestEvaluation.Evaluate(["loss <= 0 %", "loss during <= 0 %"], phase => phase == CriterionPhase.Whole ? Core.LoadTesting.Statistics.LoadTotals.Sum(TestSamples.TenQuietSeconds()) : null);
        using (var database = new BlueGreenDatabase(path))
        {
            var store = new LoadTestStore(database);
            store.Save(new LoadTestRecord { Id = "lt-1", Settings = Spec(["loss <= 0 %", "loss during <= 0 %"]), State = LoadTestState.Completed, Evaluation = evaluation });
            database.Collection<BsonDocument>("loadtests").Insert(new BsonDocument { ["_id"] = "lt-old", ["State"] = "Completed", ["Settings"] = new BsonDocument { ["Environment"] = "test" } });
        }

        using var reopened = new BlueGreenDatabase(path);
        var read = new LoadTestStore(reopened);
        var record = read.Find("lt-1")!;
        var old = read.Find("lt-old")!;

        Assert.Equal(Spec(["loss <= 0 %", "loss during <= 0 %"]), record.Settings);
        Assert.Equal(LoadTestVerdict.NotEvaluated, record.Evaluation!.Verdict);
        Assert.Equal(evaluation.Criteria, record.Evaluation.Criteria);
        Assert.Empty(old.Settings.Criteria);
        Assert.Null(old.Evaluation);
        Assert.Equal(LoadTestVerdict.None, LoadTestListItem.From(old).Verdict);
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
