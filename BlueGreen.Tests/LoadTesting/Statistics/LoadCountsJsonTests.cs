using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Statistics;

/// <summary>
/// The JSON names of samples and totals as the REST API writes them (web defaults, enums as strings): scripts and CI
/// pipelines read these, so a refactoring must not rename or drop one.
/// </summary>
public sealed class LoadCountsJsonTests
{
    private static readonly JsonSerializerOptions s_api = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void Serialize_LoadSample_KeepsItsPropertyNames()
    {
        var sample = TestSamples.Second(3, ok: 90, latencyMs: 10, http5xx: 10, unsent: 5, client: 1);

        var names = PropertyNames(sample);

        Assert.Equal(
            ["bytesReceived", "client", "durationSeconds", "end", "failed", "failures", "intended", "isWarmUp", "kilobitsPerSecond",
             "kilobytesPerSecond", "latency", "latencyHistogram", "ok", "second", "sent", "serviceTime", "serviceTimeHistogram",
             "start", "throughputPerSecond", "unsent"],
            names);
    }

    [Fact]
    public void Serialize_LoadTotals_KeepsItsPropertyNamesAndRates()
    {
        var totals = LoadTotals.Sum([TestSamples.Second(0, ok: 90, latencyMs: 10, http5xx: 10, unsent: 5)]);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(totals, s_api));

        Assert.Equal(
            ["bytesReceived", "durationSeconds", "errorRatePercent", "failed", "failures", "intended", "kilobitsPerSecond",
             "kilobytesPerSecond", "latency", "latencyHistogram", "lossPercent", "ok", "seconds", "sent", "serviceTime",
             "serviceTimeHistogram", "throughputPerSecond", "unsent"],
            PropertyNames(totals));
        var root = json.RootElement;
        Assert.Equal(90, root.GetProperty("throughputPerSecond").GetDouble());
        Assert.Equal(90, root.GetProperty("kilobytesPerSecond").GetDouble());          // 90 × 1024 bytes
        Assert.Equal(90 * 1024 * 8 / 1000.0, root.GetProperty("kilobitsPerSecond").GetDouble());
        Assert.Equal(100.0 * 15 / 105, root.GetProperty("lossPercent").GetDouble(), 9);  // (10 failed + 5 unsent) / 105
        Assert.Equal(10, root.GetProperty("errorRatePercent").GetDouble(), 9);           // 10 failed / 100 sent
    }

    private static List<string> PropertyNames(object value)
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(value, value.GetType(), s_api));
        return json.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
    }
}
