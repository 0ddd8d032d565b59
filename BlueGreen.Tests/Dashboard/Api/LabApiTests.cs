using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// The REST API as a new user meets it, on the built-in lab (real sample services behind a real HAProxy, in the
/// real dashboard host): a load test with only the essentials sent, and a rollback of a release that failed its
/// smoke tests.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class LabApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(90);
    private readonly string _folder = Integration.TempFolder("labapi");
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var settings = new Dictionary<string, string?>
        {
            ["BlueGreen:DataFolder"] = _folder,
            ["BlueGreen:Lab:Proxy"] = "HaProxy",
            ["BlueGreen:Lab:FrontendPort"] = Integration.FreePort().ToString(CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:ServerBasePort"] = PortRange.FindFree(4).ToString(CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:InstallDelay"] = "00:00:01",
        };
        foreach (var (key, value) in TestAccess.TokenSettings())
        {
            settings[key] = value;
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        });
        _client = TestAccess.Authorize(_factory.CreateClient());
        // The lab is up once HAProxy reports Blue live.
        await WaitForAsync(async () => (await GetAsync("/api/environments/lab")).GetProperty("liveGroup").GetString() == "Blue", "the lab's Blue group live");
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync().AsTask().WaitAsync(s_patience);
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task LoadTest_OnlyTheEssentials_EveryRequestOkOnTheLabsLoadPath()
    {
        using var started = await _client.PostAsJsonAsync("/api/loadtests", new { environment = "lab", ratePerClient = 200, clients = 1, durationSeconds = 5 }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        JsonElement details = default;
        await WaitForAsync(async () => (details = await GetAsync($"/api/loadtests/{id}")).GetProperty("state").GetString() != "Running", "the load test to end");

        Assert.Equal("Completed", details.GetProperty("state").GetString());
        Assert.Equal("/item", details.GetProperty("settings").GetProperty("path").GetString());
        var total = details.GetProperty("total");
        Assert.Equal(1000, total.GetProperty("intended").GetInt64());
        Assert.Equal(1000, total.GetProperty("ok").GetInt64());
        Assert.Equal(0, total.GetProperty("failed").GetInt64());
    }

    [Fact]
    public async Task Rollback_OfAReleaseThatFailedItsSmokeTests_409AndItStaysFailed()
    {
        using var started = await _client.PostAsJsonAsync("/api/environments/lab/deployments", new { version = "3.0.0-broken" }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        await WaitForAsync(async () => (await GetAsync($"/api/deployments/{id}")).GetProperty("state").GetString() == "Failed", "the broken release to fail");

        using var rollback = await _client.PostAsync($"/api/deployments/{id}/rollback", null, Ct);
        var problem = await rollback.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var after = await GetAsync($"/api/deployments/{id}");

        Assert.Equal(HttpStatusCode.Conflict, rollback.StatusCode);
        Assert.Equal("application/problem+json", rollback.Content.Headers.ContentType?.MediaType);
        Assert.Contains("never switched traffic", problem.GetProperty("detail").GetString());
        Assert.Equal("Failed", after.GetProperty("state").GetString());
        Assert.Equal(["Resolve"], after.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain(after.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("to").GetString() == "RollingBack");
        Assert.Equal("Blue", (await GetAsync("/api/environments/lab")).GetProperty("liveGroup").GetString());
    }

    [Fact]
    public async Task Experiment_TheIssuesTinyOne_ThreeCellsOfTwoAndNoRequestLostToADeployment()
    {
        const string body = """
            {"name":"tiny","environment":"lab","levels":[{"name":"low","ratePerClient":100,"clients":2,"durationSeconds":8}],
             "scenarios":[{"kind":"None"},{"kind":"Success","version":"2.0.0"},{"kind":"Fail","version":"9.9.9-broken"}],
             "repetitions":2,"deployAtSeconds":3,"cooldownSeconds":1}
            """;
        using var started = await _client.PostAsync("/api/experiments", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        JsonElement experiment = default;
        await WaitForAsync(async () => (experiment = await GetAsync($"/api/experiments/{id}")).GetProperty("state").GetString() is not ("Running" or "Pending"),
            "the experiment to end", TimeSpan.FromMinutes(4));
        var report = await GetAsync($"/api/experiments/{id}/report.json");

        Assert.Equal("Completed", experiment.GetProperty("state").GetString());
        var runs = experiment.GetProperty("runs").EnumerateArray().ToList();
        Assert.All(runs, r => Assert.True(r.GetProperty("state").GetString() == "Completed", $"run {r.GetProperty("index")}: {r.GetProperty("error")}"));
        var cells = report.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["None", "Success", "Fail"], cells.Select(c => c.GetProperty("scenario").GetString()));
        Assert.All(cells, c => Assert.Equal(2, c.GetProperty("n").GetInt32()));
        Assert.All(cells, c => Assert.True(c.GetProperty("metrics").GetProperty("errorRatePercent").TryGetProperty("ci95Low", out _)));
        Assert.Contains(report.GetProperty("tests").EnumerateArray(), t =>
            t.GetProperty("scenario").GetString() == "Fail" && t.GetProperty("metric").GetString() == "errorRatePercent");
        // The failing release failed (smoke tests) or was rolled back; no deployment cost a request.
        foreach (var run in runs.Where(r => r.GetProperty("scenario").GetString() == "Fail"))
        {
            Assert.Contains(run.GetProperty("deployment").GetProperty("state").GetString(), new[] { "Failed", "RolledBack" });
        }
        foreach (var run in runs.Where(r => r.GetProperty("scenario").GetString() != "None"))
        {
            Assert.Equal(0, run.GetProperty("measured").GetProperty("failed").GetInt64());
            Assert.Equal(0, run.GetProperty("measured").GetProperty("unsent").GetInt64());
        }
        using var csv = await _client.GetAsync($"/api/experiments/{id}/runs.csv", Ct);
        Assert.Equal(7, (await csv.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("experiment-tiny-", csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);

        // The HTML reports: the experiment's names the lab's servers as they were at start (recorded from the stream);
        // a Success run's load test shows its phases, its three charts and a switch that lost nothing.
        using var html = await _client.GetAsync($"/api/experiments/{id}/report.html", Ct);
        var experimentHtml = await html.Content.ReadAsStringAsync(Ct);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("-report.html", html.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var servers = Table(experimentHtml, "servers");
        Assert.Equal(["a1", "b1", "c1", "d1"], servers.Select(r => r[0]));
        Assert.All(servers, r => Assert.Equal("1.0.0", r[4]));
        var success = runs.First(r => r.GetProperty("scenario").GetString() == "Success").GetProperty("loadTestId").GetString();
        using var ltHtml = await _client.GetAsync($"/api/loadtests/{success}/report.html", Ct);
        var loadTestHtml = await ltHtml.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, ltHtml.StatusCode);
        // 8-s runs deploying at 3 s with the lab's 10-s watch: the deployment outlasts the run, so no After phase.
        Assert.Equal(["Before", "During"], Table(loadTestHtml, "phases").Select(r => r[0]));
        Assert.All(Table(loadTestHtml, "switch-audit"), r => Assert.Equal("0", r[11]));
        Assert.Equal(3, System.Xml.Linq.XElement.Parse(loadTestHtml["<!DOCTYPE html>\n".Length..]).Descendants().Count(e => e.Name.LocalName == "svg"));
        Assert.Equal(4, Table(loadTestHtml, "servers").Count);
    }

    /// <summary>A report table's rows as cell texts (the report is well-formed markup after its doctype).</summary>
    private static List<List<string>> Table(string html, string id)
        => [.. System.Xml.Linq.XElement.Parse(html["<!DOCTYPE html>\n".Length..]).Descendants("table")
            .Single(t => (string?)t.Attribute("data-table") == id).Element("tbody")!.Elements("tr").Select(r => r.Elements().Select(c => c.Value).ToList())];

    private async Task<JsonElement> GetAsync(string path) => await _client.GetFromJsonAsync<JsonElement>(path, Ct).WaitAsync(s_patience, Ct);

    private static async Task WaitForAsync(Func<Task<bool>> done, string what, TimeSpan? patience = null)
    {
        var wait = patience ?? s_patience;
        var deadline = DateTime.UtcNow + wait;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited {wait.TotalSeconds:0} s for {what}.");
            await Task.Delay(200, Ct);
        }
    }
}
