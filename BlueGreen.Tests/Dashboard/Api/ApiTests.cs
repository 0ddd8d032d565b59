using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// The REST API's answers that need no load balancer, in the real dashboard host: bodies it cannot read, where an
/// environment is served, deployment actions the rules refuse, and the docs pages link to.
/// </summary>
public sealed class ApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private TestDashboard _dashboard = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        // Nothing listens on lb1's runtime API: these calls must not need it.
        _dashboard = TestDashboard.Start($"tcp://127.0.0.1:{Integration.FreePort()}", "http://127.0.0.1:18999/", "127.0.0.1:1", "127.0.0.1:2");
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _dashboard.DisposeAsync();

    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostAsync(string path, string body, string contentType = "application/json")
    {
        var response = await _dashboard.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType), Ct).WaitAsync(s_patience, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(text.Length == 0 || text[0] == '{', $"{(int)response.StatusCode} {response.Content.Headers.ContentType}: {text}");
        return (response, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement);
    }

    [Theory]
    [InlineData("/api/environments/test/deployments", "{\"version\": ", "version")]
    [InlineData("/api/environments/test/deployments", "{\"version\": 5}", "version")]
    [InlineData("/api/environments/test/deployments", "{\"version\": \"2.0.0\", \"requireApproval\": \"yes\"}", "requireApproval")]
    [InlineData("/api/environments/test/deployments", "[1, 2", "body")]
    [InlineData("/api/deployments/d-1/approve", "{\"note\": ", "note")]
    [InlineData("/api/deployments/d-1/abort", "{\"note\": 7}", "note")]
    [InlineData("/api/deployments/d-1/resolve", "not json", "body")]
    [InlineData("/api/environments/test/servers/a1/state", "{\"state\": ", "state")]
    [InlineData("/api/loadtests", "{\"environment\": ", "environment")]
    [InlineData("/api/loadtests", "{\"environment\": \"test\", \"ratePerClient\": \"fast\"}", "ratePerClient")]
    public async Task UnreadableBody_400ProblemDetailsNamingTheField(string path, string body, string field)
    {
        var (response, problem) = await PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains("docs/api.md", problem.GetProperty("detail").GetString());
        Assert.Empty(_dashboard.Services.GetRequiredService<DeploymentStore>().List());
    }

    [Fact]
    public async Task BodyNotJson_415ProblemDetailsSayingTheContentType()
    {
        var (response, problem) = await PostAsync("/api/environments/test/deployments", "version=2.0.0", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task GetEnvironment_SaysWhereTheServiceIs()
    {
        var environment = await _dashboard.Client.GetFromJsonAsync<JsonElement>("/api/environments/test", Ct).WaitAsync(s_patience, Ct);

        var frontEnd = Assert.Single(environment.GetProperty("frontEnds").EnumerateArray());
        Assert.Equal("lb1", frontEnd.GetProperty("loadBalancer").GetString());
        Assert.Equal("http://127.0.0.1:18999/", frontEnd.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Rollback_DeploymentThatNeverSwitched_409AndItStaysFailed()
    {
        var store = _dashboard.Services.GetRequiredService<DeploymentStore>();
        store.Save(new DeploymentRecord
        {
            Id = "d-broken", Environment = "test", Version = "3.0.0-broken", PreviousVersion = "1.0.0", State = DeploymentState.Failed,
            FromGroup = SiteGroup.Blue, ToGroup = SiteGroup.Green, CreatedAt = DateTimeOffset.UtcNow,
            Error = "Smoke tests failed on Green; nothing was switched, Blue still serves 1.0.0.",
        });

        var (response, problem) = await PostAsync("/api/deployments/d-broken/rollback", "");
        var after = await _dashboard.Client.GetFromJsonAsync<JsonElement>("/api/deployments/d-broken", Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("never switched traffic", problem.GetProperty("detail").GetString());
        Assert.Equal("Failed", after.GetProperty("state").GetString());
        Assert.Equal(["Resolve"], after.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        var events = await _dashboard.Client.GetFromJsonAsync<JsonElement>("/api/deployments/d-broken/events", Ct).WaitAsync(s_patience, Ct);
        Assert.Contains(events.EnumerateArray(), e => e.GetProperty("kind").GetString() == "RollbackRefused");
    }

    [Fact]
    public async Task QueryValueThatDoesNotParse_400NamingTheParameter()
    {
        using var response = await _dashboard.Client.GetAsync("/api/deployments?limit=abc", Ct).WaitAsync(s_patience, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("limit", problem.GetProperty("field").GetString());
        Assert.Contains("'abc'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task NoSuchEndpoint_404ProblemDetails()
    {
        using var response = await _dashboard.Client.GetAsync("/api/nope", Ct).WaitAsync(s_patience, Ct);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("docs/api.md", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task LogOfAnUnknownDeployment_404()
    {
        using var response = await _dashboard.Client.GetAsync("/api/deployments/nope/log", Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Log_IsPaged_LinkNextGivesTheRestInOrder_BadParametersNamed()
    {
        var store = _dashboard.Services.GetRequiredService<DeploymentStore>();
        store.Save(new DeploymentRecord { Id = "paged", Environment = "test", Version = "2.0.0", State = DeploymentState.Failed, CreatedAt = DateTimeOffset.UtcNow });
        for (var i = 1; i <= 25; i++)
        {
            store.AddLog(new DeploymentLogLine { DeploymentId = "paged", At = DateTimeOffset.UtcNow, Text = $"line {i}" });
        }
        var texts = new List<string>();
        var next = "/api/deployments/paged/log?limit=10";
        var pages = 0;
        while (next is not null && pages++ < 10)
        {
            using var response = await _dashboard.Client.GetAsync(next, Ct).WaitAsync(s_patience, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var lines = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.InRange(lines.GetArrayLength(), 1, 10);
            texts.AddRange(lines.EnumerateArray().Select(l => l.GetProperty("text").GetString()!));
            next = response.Headers.TryGetValues("Link", out var link)
                ? System.Text.RegularExpressions.Regex.Match(link.Single(), "^<([^>]+)>; rel=\"next\"$").Groups[1].Value
                : null;
        }
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => $"line {i}"), texts);

        foreach (var (query, field) in new[] { ("limit=0", "limit"), ("limit=10001", "limit"), ("after=-1", "after"), ("after=x", "after") })
        {
            using var bad = await _dashboard.Client.GetAsync($"/api/deployments/paged/log?{query}", Ct).WaitAsync(s_patience, Ct);
            var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Docs_StatisticsIsTheRepositorysDocAsText()
    {
        var response = await _dashboard.Client.GetAsync("/docs/statistics.md", Ct).WaitAsync(s_patience, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("# Statistics\n", text, StringComparison.Ordinal);
        Assert.Contains("**Mann-Whitney U**", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/docs/nope.md")]
    [InlineData("/docs/..%2Fappsettings.json")]
    public async Task Docs_OtherName_NotFound(string path)
    {
        var response = await _dashboard.Client.GetAsync(path, Ct).WaitAsync(s_patience, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
