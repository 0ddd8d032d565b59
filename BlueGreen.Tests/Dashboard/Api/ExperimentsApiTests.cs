using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// <c>/api/experiments</c> in the real dashboard host with the lab off and one environment whose load balancer does
/// not answer: what is refused and how it is named, preset expansion, 404s, and runs that fail on an unreachable
/// environment (recorded with their reason, then the experiment pauses; resume and cancel).
/// </summary>
public sealed class ExperimentsApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private TestDashboard _dashboard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient Client => _dashboard.Client;

    public ValueTask InitializeAsync()
    {
        // Nothing listens on the runtime API: every run fails when it reads the environment.
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:1/", "127.0.0.1:1", "127.0.0.1:2",
            new Dictionary<string, string?> { ["BlueGreen:Environments:0:Deployment:RequireApproval"] = "false" });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string path, string json)
        => Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct).WaitAsync(s_patience, Ct);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => await response.Content.ReadFromJsonAsync<JsonElement>(Ct).WaitAsync(s_patience, Ct);

    [Fact]
    public async Task Post_InvalidLevelAndScenario_400NamingEachFieldWithItsFix()
    {
        using var response = await PostAsync("/api/experiments", """
            {"name":"bad","environment":"test","levels":[{"name":"low","ratePerClient":-5,"clients":1,"durationSeconds":4}],
             "scenarios":[{"kind":"None"},{"kind":"Success"}],"repetitions":2,"baselineVersion":"1.0.0"}
            """);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = problem.GetProperty("problems").EnumerateArray().ToList();
        var fields = problems.Select(p => p.GetProperty("field").GetString()).ToList();
        Assert.Contains("levels[0].ratePerClient", fields);
        Assert.Contains("scenarios[1].version", fields);
        Assert.Equal(fields[0], problem.GetProperty("field").GetString());
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("fix").GetString())));
        using var list = await Client.GetAsync("/api/experiments", Ct);
        Assert.Empty((await JsonAsync(list)).EnumerateArray());
    }

    [Theory]
    [InlineData("""{"preset":"paper-999","environment":"test","baselineVersion":"1.0.0"}""", "preset")]
    [InlineData("""{"preset":"paper-002","environment":"test"}""", "baselineVersion")]
    [InlineData("""{"preset":"paper-002","environment":"nowhere","baselineVersion":"1.0.0","scale":0.02}""", "environment")]
    [InlineData("""{"preset":"paper-002","environment":"test","baselineVersion":"1.0.0","scale":0}""", "scale")]
    [InlineData("null", "body")]
    public async Task Post_BadPresetRequest_400NamesTheField(string body, string field)
    {
        using var response = await PostAsync("/api/experiments", body);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task GetPreset_Paper002Scaled_TheLevelsScenariosAndRepetitionsOf002()
    {
        using var response = await Client.GetAsync("/api/experiments/presets/paper-002?environment=test&scale=0.02&baselineVersion=1.0.0", Ct);
        var definition = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var levels = definition.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal(["Low", "Medium", "High"], levels.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal([100.0, 260.0, 300.0], levels.Select(l => l.GetProperty("ratePerClient").GetDouble()));
        Assert.Equal([50, 260, 500], levels.Select(l => l.GetProperty("inFlightCapPerClient").GetInt32()));
        Assert.All(levels, l => Assert.Equal(6, l.GetProperty("durationSeconds").GetDouble()));
        Assert.Equal(["None", "Success", "Fail"], definition.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal(10, definition.GetProperty("repetitions").GetInt32());
        Assert.Equal("1.0.0", definition.GetProperty("baselineVersion").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/experiments/ex-none")]
    [InlineData("GET", "/api/experiments/ex-none/report.json")]
    [InlineData("GET", "/api/experiments/ex-none/runs.csv")]
    [InlineData("POST", "/api/experiments/ex-none/pause")]
    [InlineData("POST", "/api/experiments/ex-none/resume")]
    [InlineData("POST", "/api/experiments/ex-none/cancel")]
    public async Task UnknownExperiment_404SaysWhereTheListIs(string method, string path)
    {
        using var response = await Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct).WaitAsync(s_patience, Ct);
        var problem = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ex-none", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/compare/experiments?b=ex-1", HttpStatusCode.BadRequest, "a")]
    [InlineData("/api/compare/experiments?a=ex-1", HttpStatusCode.BadRequest, "b")]
    [InlineData("/api/compare/experiments?a=ex-1&b=ex-1", HttpStatusCode.BadRequest, "b")]
    [InlineData("/api/compare/experiments/report.html?a=ex-1&b=ex-2", HttpStatusCode.NotFound, null)]
    [InlineData("/api/experiments/ex-none/report.html", HttpStatusCode.NotFound, null)]
    [InlineData("/api/experiments/ex-none/figures", HttpStatusCode.NotFound, null)]
    public async Task CompareAndReports_MissingOrUnknownIds_NamedOr404(string path, HttpStatusCode status, string? field)
    {
        using var response = await Client.GetAsync(path, Ct).WaitAsync(s_patience, Ct);
        var problem = await JsonAsync(response);

        Assert.Equal(status, response.StatusCode);
        if (field is not null)
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Experiment_EnvironmentUnreachable_EachRunFailsWithItsReasonThenPausesAfterThree_ResumeAndCancel()
    {
        using var started = await PostAsync("/api/experiments", """
            {"name":"unreachable","environment":"test","levels":[{"name":"low","ratePerClient":10,"clients":1,"durationSeconds":2}],
             "scenarios":[{"kind":"None"},{"kind":"Success","version":"2.0.0"}],"repetitions":3,"deployAtSeconds":1,"cooldownSeconds":0,"baselineVersion":"1.0.0"}
            """);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(Ct));
        var location = started.Headers.Location!.ToString();
        var id = (await JsonAsync(started)).GetProperty("id").GetString()!;
        Assert.Equal($"/api/experiments/{id}", location);

        var paused = await WaitForAsync(location, e => e.GetProperty("state").GetString() == "Paused");

        var runs = paused.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(6, runs.Count);
        Assert.Equal(["Failed", "Failed", "Failed", "Pending", "Pending", "Pending"], runs.Select(r => r.GetProperty("state").GetString()));
        Assert.All(runs.Take(3), r => Assert.Contains("cannot be read", r.GetProperty("error").GetString(), StringComparison.Ordinal));
        Assert.Contains("3", paused.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var progress = paused.GetProperty("progress");
        Assert.Equal(3, progress.GetProperty("failed").GetInt32());
        Assert.Equal(0, progress.GetProperty("completed").GetInt32());

        using var resumed = await PostAsync($"{location}/resume", "");
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        var pausedAgain = await WaitForAsync(location, e => e.GetProperty("state").GetString() == "Paused");
        Assert.Equal(6, pausedAgain.GetProperty("runs").EnumerateArray().Count(r => r.GetProperty("state").GetString() == "Failed"));

        using var cancelled = await PostAsync($"{location}/cancel", "");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("Cancelled", (await JsonAsync(cancelled)).GetProperty("state").GetString());
        using var again = await PostAsync($"{location}/cancel", "");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Failed runs are rows of the CSV too, with their reason; the report counts no repetition.
        using var csv = await Client.GetAsync($"{location}/runs.csv", Ct);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.Contains(lines.Skip(1), l => l.Contains("cannot be read", StringComparison.Ordinal));
        using var report = await Client.GetAsync($"{location}/report.json", Ct);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        // With no completed repetition there is nothing to summarise: no cell and no test is made up.
        var json = await JsonAsync(report);
        Assert.Equal(0, json.GetProperty("cells").GetArrayLength());
        Assert.Equal(0, json.GetProperty("tests").GetArrayLength());
        Assert.Equal(["None", "Success"], json.GetProperty("scenarios").EnumerateArray().Select(s => s.GetString()));
    }

    private async Task<JsonElement> WaitForAsync(string location, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (true)
        {
            using var response = await Client.GetAsync(location, Ct).WaitAsync(s_patience, Ct);
            var experiment = await JsonAsync(response);
            if (done(experiment))
            {
                return experiment;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Waited {s_patience.TotalSeconds:0} s; last: {experiment}");
            await Task.Delay(100, Ct);
        }
    }
}
