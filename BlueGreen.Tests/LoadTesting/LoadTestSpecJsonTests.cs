using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// The spec as the REST body and the details' settings: camelCase names, times as numbers of seconds under the
/// names docs/api.md gives, enums as names (the dashboard's JSON options).
/// </summary>
public sealed class LoadTestSpecJsonTests
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public void Serialize_FullSpec_TimesInSecondsUnderTheBodysNames()
    {
        var json = JsonSerializer.SerializeToElement(TestSpecs.Every with { InFlightCapPerClient = 300 }, s_json);

        Assert.Equal(
            ["clients", "criteria", "deployAtSeconds", "deployStrategy", "deployVersion", "durationSeconds", "environment", "inFlightCapPerClient", "keepAlive", "loadBalancer", "method",
             "path", "rampUpSeconds", "ratePerClient", "requestsPerClient", "server", "target", "timeoutSeconds", "warmUpSeconds"],
            json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(90, json.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(10, json.GetProperty("rampUpSeconds").GetDouble());
        Assert.Equal(5, json.GetProperty("warmUpSeconds").GetDouble());
        Assert.Equal(2.5, json.GetProperty("timeoutSeconds").GetDouble());
        Assert.Equal(30, json.GetProperty("deployAtSeconds").GetDouble());
        Assert.Equal("Server", json.GetProperty("target").GetString());
        Assert.Equal("TwoPhase", json.GetProperty("deployStrategy").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("requestsPerClient").ValueKind);
    }

    [Fact]
    public void Deserialize_BodyAsDocumented_IsTheSpec()
    {
        const string Body = """
            {"environment":"test","target":"Server","server":"a1","path":"/x?y=1","ratePerClient":150.5,"clients":2,
             "durationSeconds":90,"rampUpSeconds":10,"warmUpSeconds":5,"timeoutSeconds":2.5,"keepAlive":false,"method":"HEAD",
             "deployAtSeconds":30,"deployVersion":"2.0.0","deployStrategy":"TwoPhase"}
            """;

        Assert.Equal(TestSpecs.Every, JsonSerializer.Deserialize<LoadTestSpec>(Body, s_json));
    }

    [Fact]
    public void Deserialize_Serialized_RoundTrips()
        => Assert.Equal(TestSpecs.Every, JsonSerializer.Deserialize<LoadTestSpec>(JsonSerializer.Serialize(TestSpecs.Every, s_json), s_json));

    [Fact]
    public void Deserialize_MinimalBody_DefaultsAndNoPath()
    {
        var spec = JsonSerializer.Deserialize<LoadTestSpec>("""{"environment":"lab","ratePerClient":200,"durationSeconds":5}""", s_json)!;

        Assert.Equal(new LoadTestSpec { Environment = "lab", RatePerClient = 200, Duration = TimeSpan.FromSeconds(5) }, spec);
        Assert.Null(spec.Path);
        Assert.Equal((1, TimeSpan.FromSeconds(5), true, "GET"), (spec.Clients, spec.Timeout, spec.KeepAlive, spec.Method));
    }

    [Theory]
    [InlineData("""{"durationSeconds":1e300}""", long.MaxValue)]
    [InlineData("""{"durationSeconds":-1e300}""", long.MinValue)]
    [InlineData("""{"durationSeconds":1e400}""", long.MaxValue)]
    [InlineData("""{"durationSeconds":0.5}""", 5_000_000L)]
    public void Deserialize_SecondsOutOfRange_SaturateForTheValidationToName(string body, long ticks)
        => Assert.Equal(ticks, JsonSerializer.Deserialize<LoadTestSpec>(body, s_json)!.Duration!.Value.Ticks);

    [Theory]
    [InlineData("""{"timeoutSeconds":"5"}""")]
    [InlineData("""{"timeoutSeconds":null}""")]
    public void Deserialize_SecondsNotANumber_FailsNamingTheField(string body)
    {
        var error = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LoadTestSpec>(body, s_json));

        Assert.Equal("$.timeoutSeconds", error.Path);
    }
}
