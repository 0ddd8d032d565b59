using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.LoadTesting;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// The REST API in the real dashboard host (WebApplicationFactory), with the lab off, one environment whose front end
/// is a real Kestrel on loopback (answering <c>/ok</c>, its configured load path, and 404 at <c>/</c>), and the
/// database in a temp folder.
/// </summary>
[Collection(LoadTestServiceCollection.Name)]
public sealed class LoadTestsApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);
    private TestWebServer _server = null!;
    private TestDashboard _dashboard = null!;

    private HttpClient Client => _dashboard.Client;

    public async ValueTask InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", _server.BaseUri.ToString(), _server.BaseUri.Authority, _server.BaseUri.Authority,
            new Dictionary<string, string?> { ["BlueGreen:LoadTesting:MaxRatePerClient"] = "1000", ["BlueGreen:Environments:0:LoadPath"] = "/ok" });
    }

    public async ValueTask DisposeAsync()
    {
        await _dashboard.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string json)
        => Client.PostAsync("/api/loadtests", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Post_ValidSpec_202ThenDetailsCsvAndDelete()
    {
        using var posted = await PostAsync("""{"environment": "test", "path": "/ok", "ratePerClient": 50, "clients": 2, "durationSeconds": 2}""");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var location = posted.Headers.Location!.ToString();
        Assert.StartsWith("/api/loadtests/lt-", location);

        var details = await WaitEndedAsync(location);

        Assert.Equal("Completed", details.GetProperty("state").GetString());
        Assert.Equal(200, details.GetProperty("total").GetProperty("intended").GetInt64());
        var phases = details.GetProperty("phases").EnumerateArray().ToList();
        Assert.Equal(["Before", "During", "After"], phases.Select(p => p.GetProperty("phase").GetString()));
        Assert.True(Enum.IsDefined(Enum.Parse<BlueGreen.Core.LoadTesting.Statistics.TiphonGrade>(phases[0].GetProperty("lossGrade").GetString()!)));
        Assert.Equal(1, details.GetProperty("progress").GetProperty("fraction").GetDouble());
        var list = await GetJsonAsync("/api/loadtests");
        Assert.Single(list.EnumerateArray());

        using var csv = await Client.GetAsync($"{location}/samples.csv?clients=true", TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"loadtest-{location.Split('/')[^1]}-samples.csv", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName);
        var text = await csv.Content.ReadAsStringAsync(TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal(1 + 2 * 3, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        using var deleted = await Client.DeleteAsync(location, TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await Client.GetAsync(location, TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Post_RateAboveTheConfiguredLimit_400NamesTheField()
    {
        using var response = await PostAsync("""{"environment": "test", "ratePerClient": 5000, "durationSeconds": 2}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        Assert.Equal("ratePerClient", problem.GetProperty("field").GetString());
        Assert.Contains("rate 5000/s exceeds BlueGreen:LoadTesting:MaxRatePerClient 1000.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_WrongTypeOrNoEnvironment_400NamesTheField()
    {
        using var wrongType = await PostAsync("""{"environment": "test", "ratePerClient": "fast", "durationSeconds": 2}""");
        using var noEnvironment = await PostAsync("""{"ratePerClient": 10, "durationSeconds": 2}""");
        using var badDuration = await PostAsync("""{"environment": "test", "ratePerClient": 10, "durationSeconds": 0.5}""");

        Assert.Equal("ratePerClient", (await FieldAsync(wrongType)));
        Assert.Equal("environment", (await FieldAsync(noEnvironment)));
        Assert.Equal("durationSeconds", (await FieldAsync(badDuration)));
    }

    [Fact]
    public async Task Post_NoPath_SendsToTheEnvironmentsLoadPathAndReturnsIt()
    {
        using var posted = await PostAsync("""{"environment": "test", "ratePerClient": 200, "clients": 1, "durationSeconds": 2}""");
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var details = await WaitEndedAsync(posted.Headers.Location!.ToString());

        Assert.Equal("Completed", details.GetProperty("state").GetString());
        // The server answers 404 at "/": every request ok means every one went to the load path.
        var total = details.GetProperty("total");
        Assert.Equal(400, total.GetProperty("intended").GetInt64());
        Assert.Equal(400, total.GetProperty("ok").GetInt64());
        Assert.Equal(_server.Url("/ok").ToString(), details.GetProperty("url").GetString());
        var settings = details.GetProperty("settings");
        Assert.Equal("/ok", settings.GetProperty("path").GetString());
        Assert.Equal(2, settings.GetProperty("durationSeconds").GetDouble());
        Assert.Equal(5, settings.GetProperty("timeoutSeconds").GetDouble());
    }

    [Fact]
    public async Task Post_NumbersBelowTheirMinimum_400NamesEveryFieldAsInTheBody()
    {
        using var response = await PostAsync("""
            {"environment": "test", "ratePerClient": 0, "clients": 0, "durationSeconds": -1, "rampUpSeconds": -1, "warmUpSeconds": -1,
             "timeoutSeconds": 0, "deployAtSeconds": -1, "deployVersion": "2.0.0"}
            """);

        var problem = await ProblemAsync(response);
        Assert.Equal("ratePerClient", problem.GetProperty("field").GetString());
        Assert.Equal(
            ["ratePerClient", "clients", "durationSeconds", "rampUpSeconds", "warmUpSeconds", "timeoutSeconds", "deployAtSeconds"],
            problem.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("field").GetString()));
        Assert.All(problem.GetProperty("problems").EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("fix").GetString())));
        Assert.Empty((await GetJsonAsync("/api/loadtests")).EnumerateArray());
    }

    [Fact]
    public async Task Post_NoLengthOrSecondsBeyondRange_400NotAnOverflow()
    {
        using var noLength = await PostAsync("""{"environment": "test", "ratePerClient": 10}""");
        using var huge = await PostAsync("""{"environment": "test", "ratePerClient": 10, "durationSeconds": 5, "rampUpSeconds": 5, "warmUpSeconds": 1e300}""");

        Assert.Equal("durationSeconds/requestsPerClient", await FieldAsync(noLength));
        Assert.Equal("warmUpSeconds", await FieldAsync(huge));
    }

    [Fact]
    public async Task Actions_UnknownOrEndedTest_404And409()
    {
        using var stopUnknown = await Client.PostAsync("/api/loadtests/lt-none/stop", null, TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
        using var csvUnknown = await Client.GetAsync("/api/loadtests/lt-none/samples.csv", TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, stopUnknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, csvUnknown.StatusCode);
    }

    [Fact]
    public async Task Post_WithCriteria_EndsWithTheVerdictNamingTheFailedCriterion()
    {
        using var failing = await PostAsync("""
            {"environment": "test", "ratePerClient": 50, "clients": 1, "durationSeconds": 2, "criteria": ["loss <= 0 %", "throughput >= 1000/s"]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, failing.StatusCode);
        var failed = await WaitEndedAsync(failing.Headers.Location!.ToString());
        using var passing = await PostAsync("""
            {"environment": "test", "ratePerClient": 50, "clients": 1, "durationSeconds": 2, "criteria": ["loss<=0%", "error rate <= 0.1 %", "p99 <= 5000 ms"]}
            """);
        Assert.Equal(HttpStatusCode.Accepted, passing.StatusCode);
        var passed = await WaitEndedAsync(passing.Headers.Location!.ToString());

        Assert.Equal("Completed", failed.GetProperty("state").GetString());
        Assert.Equal("Failed", failed.GetProperty("verdict").GetString());
        var criteria = failed.GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(["loss <= 0 %", "throughput >= 1000/s"], criteria.Select(c => c.GetProperty("text").GetString()));
        Assert.Equal([true, false], criteria.Select(c => c.GetProperty("passed").GetBoolean()));
        Assert.Equal(0, criteria[0].GetProperty("measured").GetDouble());
        Assert.InRange(criteria[1].GetProperty("measured").GetDouble(), 1, 999);
        Assert.Equal(1000, criteria[1].GetProperty("threshold").GetDouble());
        Assert.Equal("/s", criteria[1].GetProperty("unit").GetString());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("verdictNote").ValueKind);
        Assert.Equal("Passed", passed.GetProperty("verdict").GetString());
        // Stored in the normal form, as the criteria were evaluated.
        Assert.Equal(["loss <= 0 %", "error rate <= 0.1 %", "p99 <= 5000 ms"], passed.GetProperty("settings").GetProperty("criteria").EnumerateArray().Select(c => c.GetString()));
        Assert.All(passed.GetProperty("criteria").EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean()));
        var list = (await GetJsonAsync("/api/loadtests")).EnumerateArray().ToList();
        Assert.Equal(["Passed", "Failed"], list.Select(t => t.GetProperty("verdict").GetString()));
        Assert.Equal(["throughput >= 1000/s"], list[1].GetProperty("failedCriteria").EnumerateArray().Select(c => c.GetString()));
        // The report gives the verdict with the answer, each criterion measured against its threshold.
        using var report = await Client.GetAsync($"/api/loadtests/{failed.GetProperty("id").GetString()}/report.html", TestContext.Current.CancellationToken);
        var html = await report.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("data-verdict=\"Failed\"", html, StringComparison.Ordinal);
        Assert.Contains("throughput &gt;= 1000/s", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_UnreadableCriterion_400NamesItsIndexAndPart()
    {
        using var response = await PostAsync("""
            {"environment": "test", "ratePerClient": 10, "durationSeconds": 2, "criteria": ["loss during <= 0 %", "p99 during <= -1 ms"]}
            """);

        var problem = await ProblemAsync(response);
        Assert.Equal("criteria[1].threshold", problem.GetProperty("field").GetString());
        Assert.Contains("must not be negative (was -1 ms).", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await GetJsonAsync("/api/loadtests")).EnumerateArray());
    }

    private static async Task<string?> FieldAsync(HttpResponseMessage response) => (await ProblemAsync(response)).GetProperty("field").GetString();

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken).WaitAsync(s_patience, TestContext.Current.CancellationToken);
    }

    /// <summary>Polls the test's details (bounded) until it is no longer running.</summary>
    [Fact]
    public async Task Reports_OfOneTestAndOfTwoSideBySide_SelfContainedHtmlAndTheComparison()
    {
        var ids = new List<string>();
        foreach (var rate in new[] { 50, 100 })
        {
            using var posted = await PostAsync($$"""{"environment": "test", "ratePerClient": {{rate}}, "clients": 1, "durationSeconds": 3}""");
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
            ids.Add((await WaitEndedAsync(posted.Headers.Location!.ToString())).GetProperty("id").GetString()!);
        }
        var ct = TestContext.Current.CancellationToken;

        using var report = await Client.GetAsync($"/api/loadtests/{ids[0]}/report.html", ct);
        var html = await report.Content.ReadAsStringAsync(ct);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"loadtest-{ids[0]}-report.html", report.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.DoesNotMatch("""(src|href)\s*=""", html);
        Assert.Contains("No deployment during this test: 0 of 150 requests lost", html, StringComparison.Ordinal);

        var comparison = await GetJsonAsync($"/api/compare/loadtests?a={ids[0]}&b={ids[1]}");
        Assert.Equal(["Before"], comparison.GetProperty("rows").EnumerateArray().Select(r => r.GetString()));
        var throughput = comparison.GetProperty("matrix").GetProperty("tests").EnumerateArray()
            .Single(t => t.GetProperty("metric").GetString() == "throughputPerSecond");
        // B sends twice A's rate: about +50 answered requests per second over the same three seconds.
        Assert.InRange(throughput.GetProperty("meanDifference").GetDouble(), 40, 60);
        using var compared = await Client.GetAsync($"/api/compare/loadtests/report.html?a={ids[0]}&b={ids[1]}", ct);
        Assert.Equal(HttpStatusCode.OK, compared.StatusCode);
        Assert.Contains("Comparison of two load tests", await compared.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var missing = await Client.GetAsync($"/api/compare/loadtests?a={ids[0]}", ct);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("b", (await missing.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("field").GetString());
        using var unknown = await Client.GetAsync($"/api/compare/loadtests?a={ids[0]}&b=lt-none", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var unknownReport = await Client.GetAsync("/api/loadtests/lt-none/report.html", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknownReport.StatusCode);
    }

    private async Task<JsonElement> WaitEndedAsync(string location)
    {
        var details = await GetJsonAsync(location);
        var deadline = DateTime.UtcNow + s_patience;
        while (details.GetProperty("state").GetString() == "Running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, TestContext.Current.CancellationToken);
            details = await GetJsonAsync(location);
        }
        return details;
    }
}
