using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BlueGreen.Tests.Dashboard.Api;

/// <summary>
/// <c>POST /api/environments/{name}/servers/{server}/state</c> in the real dashboard host against a real HAProxy
/// (servers without health checks, so they count as up whatever listens behind them).
/// </summary>
public sealed class ServerStateApiTests : IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private HaProxyFixture _haproxy = null!;
    private TestDashboard _dashboard = null!;

    private HttpClient Client => _dashboard.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        _haproxy = await HaProxyFixture.StartAsync(new HaProxyFixture.Settings
        {
            Servers = [new("a1", Integration.FreePort(), Check: false), new("c1", Integration.FreePort(), Check: false)],
        }, Ct);
        _dashboard = TestDashboard.Start(_haproxy.SocketPath, _haproxy.FrontendUrl, "127.0.0.1:1", "127.0.0.1:2");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
        if (_haproxy is not null)
        {
            await _haproxy.DisposeAsync();
        }
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string environment, string server, object body)
    {
        using var response = await Client.PostAsJsonAsync($"/api/environments/{environment}/servers/{server}/state", body, Ct).WaitAsync(s_patience, Ct);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    [Fact]
    public async Task Drain_ThenReady_HaProxyFollows()
    {
        var (status, body) = await PostAsync("test", "a1", new { state = "drain" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Drain", body.GetProperty("state").GetString());
        Assert.Equal("DRAIN", (await _haproxy.ReadStatAsync("a1", Ct)).Status);

        (status, _) = await PostAsync("test", "a1", new { state = "Ready" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("no check", (await _haproxy.ReadStatAsync("a1", Ct)).Status);
    }

    [Fact]
    public async Task MaintOfTheLastServingServer_409AndNothingChanged()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("test", "a1", new { state = "Maint" })).Status);

        var (status, body) = await PostAsync("test", "c1", new { state = "Maint" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("lb1", body.GetProperty("detail").GetString());
        Assert.Equal("no check", (await _haproxy.ReadStatAsync("c1", Ct)).Status);
    }

    [Theory]
    [InlineData("""{"state": "Sleep"}""")]
    [InlineData("""{"state": "1"}""")]
    [InlineData("""{}""")]
    public async Task BadState_400NamingTheField(string json)
    {
        using var response = await Client.PostAsync("/api/environments/test/servers/a1/state",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct).WaitAsync(s_patience, Ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("state", body.GetProperty("field").GetString());
        Assert.Contains("Ready", body.GetProperty("detail").GetString());
        Assert.Equal("no check", (await _haproxy.ReadStatAsync("a1", Ct)).Status);
    }

    [Theory]
    [InlineData("nope", "a1", "environment")]
    [InlineData("test", "zz9", "server")]
    public async Task UnknownEnvironmentOrServer_404NamingWhich(string environment, string server, string field)
    {
        var (status, body) = await PostAsync(environment, server, new { state = "Drain" });

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(field, body.GetProperty("field").GetString());
    }

    [Fact]
    public async Task TwoDrainsAtOnce_OfTheLastTwoReadyServers_OneStaysReady()
    {
        // Several rounds: without one lock per environment both drains pass the check most of the time.
        for (var round = 0; round < 5; round++)
        {
            var results = await Task.WhenAll(PostAsync("test", "a1", new { state = "Drain" }), PostAsync("test", "c1", new { state = "Drain" }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.Status).Order());
            var statuses = new[] { (await _haproxy.ReadStatAsync("a1", Ct)).Status, (await _haproxy.ReadStatAsync("c1", Ct)).Status };
            Assert.Single(statuses, s => s == "no check");
            Assert.Contains("no other server is READY and UP", results.Single(r => r.Status == HttpStatusCode.Conflict).Body.GetProperty("detail").GetString());

            Assert.Equal(HttpStatusCode.OK, (await PostAsync("test", "a1", new { state = "Ready" })).Status);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync("test", "c1", new { state = "Ready" })).Status);
        }
    }

    [Fact]
    public async Task WhileADeploymentHoldsTheEnvironment_409NamingItAndNothingChanged()
    {
        var locks = _dashboard.Services.GetRequiredService<EnvironmentLocks>();
        using var claim = locks.Claim("test", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-42", "deployment d-42 (2.0.0)"), TimeSpan.FromSeconds(1));

        var (status, body) = await PostAsync("test", "a1", new { state = "Drain" });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("d-42", body.GetProperty("runningDeployment").GetString());
        Assert.Contains("wait for it to end, or abort it", body.GetProperty("detail").GetString());
        Assert.Equal("no check", (await _haproxy.ReadStatAsync("a1", Ct)).Status);
    }
}
