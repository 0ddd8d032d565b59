using System.Net;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary><c>GET /api/references/paper-002/report.json</c> in the real dashboard host, with its JSON options.</summary>
public sealed class ReferencesApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private TestDashboard _dashboard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        // The report needs no load balancer: nothing listens on lb1.
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:18999/", "127.0.0.1:1", "127.0.0.1:2");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    [Fact]
    public async Task Paper002Report_ReturnsCellsTestsAndPublishedValues()
    {
        var response = await _dashboard.Client.GetAsync("/api/references/paper-002/report.json", Ct).WaitAsync(s_patience, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("None", root.GetProperty("baselineScenario").GetString());
        Assert.Equal(["Low", "Medium", "High"], root.GetProperty("levels").EnumerateArray().Select(e => e.GetString()));

        var cell = root.GetProperty("cells").EnumerateArray()
            .Single(c => c.GetProperty("level").GetString() == "Medium" && c.GetProperty("scenario").GetString() == "Success");
        Assert.Equal(10, cell.GetProperty("n").GetInt32());
        var errors = cell.GetProperty("metrics").GetProperty("errorRatePercent");
        Assert.Equal(0.6385, errors.GetProperty("mean").GetDouble(), 9);
        Assert.True(errors.GetProperty("ci95Low").GetDouble() < 0.6385);

        // Table 5.1, low traffic, failing deployment: 0.655.
        var test = root.GetProperty("tests").EnumerateArray().Single(t =>
            t.GetProperty("level").GetString() == "Low" && t.GetProperty("scenario").GetString() == "Fail"
            && t.GetProperty("metric").GetString() == "errorRatePercent");
        Assert.Equal(0.655, Math.Round(test.GetProperty("student").GetDouble(), 3));
        Assert.Equal(JsonValueKind.Number, test.GetProperty("welch").ValueKind);
        Assert.Equal(JsonValueKind.Number, test.GetProperty("mannWhitney").ValueKind);
        Assert.Equal(JsonValueKind.Number, test.GetProperty("differenceCi95High").ValueKind);
        Assert.False(test.GetProperty("studentSignificant").GetBoolean());

        var published = root.GetProperty("references").EnumerateArray().ToList();
        Assert.Equal(45, published.Count);
        Assert.Contains(published, r => r.GetProperty("kind").GetString() == "StudentP" && r.GetProperty("printed").GetString() == "0.655"
            && r.GetProperty("metric").GetString() == "errorRatePercent");
        Assert.DoesNotContain("NaN", text, StringComparison.Ordinal);
    }
}
