using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Experiments;

/// <summary>
/// The real dashboard process SIGKILLed in the middle of an experiment (a run's load test and deployment at work):
/// the restarted dashboard marks that run Interrupted, keeps every finished run as it was, and carries on with the
/// next unfinished run to the end, without repeating any.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class ExperimentCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_KilledMidExperiment_RestartResumesAtTheNextRunWithoutRepeatingOrLosingOne()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var first = await DashboardProcess.StartAsync("HaProxy", Ct);
        first.KeepDataFolder = true;
        using var http = TestAccess.Authorize(new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        // Two scenarios x 3 repetitions, interleaved: None, Success, None, Success, ...
        const string body = """
            {"name":"crash","environment":"lab","levels":[{"name":"low","ratePerClient":50,"clients":1,"durationSeconds":5}],
             "scenarios":[{"kind":"None"},{"kind":"Success","version":"2.0.0"}],
             "repetitions":3,"deployAtSeconds":2,"cooldownSeconds":1}
            """;
        using var started = await http.PostAsync($"{first.BaseUrl}/api/experiments", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        // Killed once a run has completed and a deployment run has its load test under way.
        var before = await WaitForAsync(http, first.BaseUrl, id, e =>
            Runs(e).Any(r => State(r) == "Completed")
            && Runs(e).FirstOrDefault(r => State(r) == "Running") is { ValueKind: JsonValueKind.Object } running
            && running.GetProperty("scenario").GetString() == "Success"
            && running.TryGetProperty("loadTestId", out var lt) && lt.ValueKind == JsonValueKind.String,
            "a Success run's load test under way after a completed run", TimeSpan.FromMinutes(2));
        var killedIndex = Runs(before).Single(r => State(r) == "Running").GetProperty("index").GetInt32();
        var completedBefore = Runs(before).Where(r => State(r) == "Completed").ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.GetRawText());

        await first.KillAsync();
        await first.DisposeAsync();
        await using var second = await first.RestartAsync(Ct);
        second.KeepDataFolder = false;

        var after = await WaitForAsync(http, second.BaseUrl, id, e => State(e) is not ("Running" or "Pending"), "the experiment to end", TimeSpan.FromMinutes(4));

        Assert.True(State(after) == "Completed", $"state {State(after)}: {after.GetProperty("reason")}\n{second.Output}");
        var runs = Runs(after);
        Assert.Equal(6, runs.Count);
        Assert.Equal(Enumerable.Range(0, 6), runs.Select(r => r.GetProperty("index").GetInt32()).Order());
        var killed = runs.Single(r => r.GetProperty("index").GetInt32() == killedIndex);
        Assert.Equal("Interrupted", State(killed));
        Assert.Contains("dashboard stopped", killed.GetProperty("error").GetString(), StringComparison.Ordinal);
        // Finished runs are kept exactly as they were; every other run completed after the restart, once.
        foreach (var (index, raw) in completedBefore)
        {
            Assert.Equal(raw, runs.Single(r => r.GetProperty("index").GetInt32() == index).GetRawText());
        }
        Assert.All(runs.Where(r => r.GetProperty("index").GetInt32() != killedIndex),
            r => Assert.True(State(r) == "Completed", $"run {r.GetProperty("index")}: {State(r)} {r.GetProperty("error")}"));
        var loadTests = runs.Where(r => State(r) == "Completed").Select(r => r.GetProperty("loadTestId").GetString()).ToList();
        Assert.Equal(5, loadTests.Distinct().Count(lt => lt is not null));

        // The report counts what completed: the interrupted run's cell has one repetition fewer.
        var report = await http.GetFromJsonAsync<JsonElement>($"{second.BaseUrl}/api/experiments/{id}/report.json", Ct);
        var n = report.GetProperty("cells").EnumerateArray().ToDictionary(c => c.GetProperty("scenario").GetString()!, c => c.GetProperty("n").GetInt32());
        Assert.Equal(3, n["None"]);
        Assert.Equal(2, n["Success"]);
    }

    private static List<JsonElement> Runs(JsonElement experiment) => experiment.GetProperty("runs").EnumerateArray().ToList();

    private static string? State(JsonElement element) => element.GetProperty("state").GetString();

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string baseUrl, string id, Func<JsonElement, bool> done, string what, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var experiment = await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/experiments/{id}", Ct);
            if (done(experiment))
            {
                return experiment;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Waited {patience.TotalSeconds:0} s for {what}; last: {experiment}");
            await Task.Delay(100, Ct);
        }
    }
}
