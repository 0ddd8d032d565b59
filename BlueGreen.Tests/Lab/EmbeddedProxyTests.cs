using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.SampleApp;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.SampleApp;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.Lab;

/// <summary>A real <see cref="EmbeddedProxy"/> on a loopback port in front of three real sample-app processes:
/// routing, admin states, weights, health checks, redispatch, errors.</summary>
public sealed class EmbeddedProxyTests(SampleAppCluster cluster) : IClassFixture<SampleAppCluster>
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_stateTimeout = TimeSpan.FromSeconds(15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Forward_ThreeReadyServers_RoundRobinsInTurn()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2", "a3"));
        using var client = Client(proxy);

        var served = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            served.Add(await ServedByAsync(client, "/version"));
        }
        var state = await proxy.ReadStateAsync(Token);

        Assert.Equal(["a1", "a2", "a3"], served.Distinct().Order());
        Assert.All(Enumerable.Range(3, 27), i => Assert.Equal(served[i - 3], served[i]));
        Assert.All(state.Servers, s => Assert.Equal(10, s.TotalSessions));
        Assert.All(state.Servers, s => Assert.Equal(0, s.CurrentSessions));
        Assert.Contains(state.Servers, s => s.SessionRate > 0);
        Assert.Equal("lab", state.Backend);
    }

    [Fact]
    public async Task Drain_ServerWithInFlightSlowRequest_FinishesItAndTakesNoNewRequests()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2"));
        using var client = Client(proxy);

        var slow = client.GetAsync("/slow?ms=1500", Token);
        var busy = await WaitForStateAsync(proxy, s => s.Servers.Any(x => x.CurrentSessions == 1));
        var target = busy.Servers.Single(x => x.CurrentSessions == 1).Name;
        await proxy.SetServerStateAsync(target, AdminState.Drain, Token);
        var during = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            during.Add(await ServedByAsync(client, "/item"));
        }
        var draining = await proxy.ReadStateAsync(Token);
        using var slowResponse = await slow.WaitAsync(TimeSpan.FromSeconds(15), Token);
        var drained = await WaitForStateAsync(proxy, s => Server(s, target).CurrentSessions == 0);

        Assert.DoesNotContain(target, during);
        Assert.Equal(AdminState.Drain, Server(draining, target).Admin);
        Assert.Equal(OperationalState.Up, Server(draining, target).Operational);
        Assert.False(Server(draining, target).IsRoutable);
        Assert.Equal(1, Server(draining, target).CurrentSessions);
        Assert.Equal(HttpStatusCode.OK, slowResponse.StatusCode);
        Assert.Equal(target, Assert.Single(slowResponse.Headers.GetValues("X-App-Server")));
        Assert.Equal(1, Server(drained, target).TotalSessions);
    }

    [Fact]
    public async Task Maint_Server_IsDownUncheckedAndGetsNoTraffic()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2"));
        using var client = Client(proxy);

        await proxy.SetServerStateAsync("a1", AdminState.Maint, Token);
        var served = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            served.Add(await ServedByAsync(client, "/item"));
        }
        // Absence of checks can only be seen by letting several check intervals pass.
        await Task.Delay(s_interval * 3, Token);
        var state = await proxy.ReadStateAsync(Token);

        Assert.All(served, s => Assert.Equal("a2", s));
        var a1 = Server(state, "a1");
        Assert.Equal(AdminState.Maint, a1.Admin);
        Assert.Equal(OperationalState.Down, a1.Operational);
        Assert.Equal("", a1.CheckStatus);
        Assert.Equal(0, a1.TotalSessions);
    }

    [Fact]
    public async Task LeaveMaint_Server_StartsDownAndTakesTrafficAfterRiseChecks()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2"));
        using var client = Client(proxy);
        await proxy.SetServerStateAsync("a1", AdminState.Maint, Token);

        await proxy.SetServerStateAsync("a1", AdminState.Ready, Token);
        var leaving = Server(await proxy.ReadStateAsync(Token), "a1");
        var up = await WaitForStateAsync(proxy, s => Server(s, "a1").Operational == OperationalState.Up);
        var served = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            served.Add(await ServedByAsync(client, "/item"));
        }

        Assert.Equal(AdminState.Ready, leaving.Admin);
        Assert.Contains(leaving.Operational, new[] { OperationalState.Down, OperationalState.Starting });
        Assert.False(leaving.IsRoutable);
        Assert.Equal("L7OK", Server(up, "a1").CheckStatus);
        Assert.True(Server(up, "a1").IsRoutable);
        Assert.Contains("a1", served);
    }

    [Fact]
    public async Task Forward_NoRoutableServer_Returns503()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2"));
        using var client = Client(proxy);
        await proxy.SetServerStateAsync("a1", AdminState.Maint, Token);
        await proxy.SetServerStateAsync("a2", AdminState.Drain, Token);

        using var response = await client.GetAsync("/item", Token);
        var state = await proxy.ReadStateAsync(Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("no server is available", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        Assert.Equal(1, state.BackendHttp5xx);
        Assert.All(state.Servers, s => Assert.Equal(0, s.TotalSessions));
    }

    [Fact]
    public async Task SetServerWeight_ZeroAndTwoToOne_SpreadsNewRequestsByWeight()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2", "a3"));
        using var client = Client(proxy);

        await proxy.SetServerWeightAsync("a3", 0, Token);
        await proxy.SetServerWeightAsync("a1", 2, Token);
        var served = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            served.Add(await ServedByAsync(client, "/item"));
        }
        var state = await proxy.ReadStateAsync(Token);

        Assert.Equal(20, served.Count(s => s == "a1"));
        Assert.Equal(10, served.Count(s => s == "a2"));
        Assert.Equal(0, Server(state, "a3").Weight);
        Assert.Equal(AdminState.Ready, Server(state, "a3").Admin);
        Assert.Equal(0, Server(state, "a3").TotalSessions);
        await Assert.ThrowsAsync<LoadBalancerException>(() => proxy.SetServerWeightAsync("a1", 257, Token));
    }

    [Fact]
    public async Task SetServerState_UnknownServer_ThrowsListingKnownServers()
    {
        await using var proxy = await StartProxyAsync(Servers("a1", "a2"));

        var error = await Assert.ThrowsAsync<LoadBalancerException>(() => proxy.SetServerStateAsync("zz", AdminState.Drain, Token));

        Assert.Contains("No such server 'zz'", error.Message, StringComparison.Ordinal);
        Assert.Contains("a1, a2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forward_ServerRefusingConnections_RedispatchesEveryRequest()
    {
        var ghost = new EmbeddedProxyServer("ghost", $"127.0.0.1:{Integration.FreePort()}", AdminState.Ready);
        // Fall high enough that the ghost stays routable ("UP, going down") for the whole test.
        await using var proxy = await StartProxyAsync([ghost, .. Servers("a1")], fall: 1000);
        using var client = Client(proxy);

        var served = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            served.Add(await ServedByAsync(client, "/item"));
        }
        var state = await WaitForStateAsync(proxy, s => Server(s, "ghost").CheckStatus == "L4CON");

        Assert.All(served, s => Assert.Equal("a1", s));
        var refused = Server(state, "ghost");
        Assert.Equal(OperationalState.Stopping, refused.Operational);
        Assert.InRange(refused.ConnectionErrors, 5, 10);
        Assert.Equal(refused.ConnectionErrors, refused.Redispatches);
        Assert.Equal(refused.ConnectionErrors, refused.Retries);
        Assert.Equal(10, Server(state, "a1").TotalSessions);
        Assert.Equal(0, state.BackendHttp5xx);
    }

    [Theory]
    [InlineData("/no-such-health", "L4CON", true)]
    [InlineData("/item/9999", "L7STS", false)]
    [InlineData("/slow?ms=10000", "L7TOUT", false)]
    public async Task HealthCheck_FailingServer_IsMarkedDownWithCheckStatus(string healthPath, string expected, bool ghost)
    {
        var server = ghost
            ? new EmbeddedProxyServer("a1", $"127.0.0.1:{Integration.FreePort()}", AdminState.Ready)
            : Servers("a1").Single();
        await using var proxy = await StartProxyAsync([server], healthPath: healthPath);
        using var client = Client(proxy);

        var down = await WaitForStateAsync(proxy, s => Server(s, "a1").Operational == OperationalState.Down);
        using var response = await client.GetAsync("/item", Token);

        Assert.Equal(expected, Server(down, "a1").CheckStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task StartAsync_PortInUse_ThrowsNamingThePort()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        await using var proxy = new EmbeddedProxy(Options(Servers("a1"), port: port), NullLoggerFactory.Instance, TimeProvider.System);

        var error = await Assert.ThrowsAsync<LoadBalancerException>(() => proxy.StartAsync(Token).WaitAsync(s_stateTimeout, Token));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortZero_ListensOnThePickedPort()
    {
        await using var proxy = new EmbeddedProxy(Options(Servers("a1"), port: 0), NullLoggerFactory.Instance, TimeProvider.System);

        await proxy.StartAsync(Token).WaitAsync(s_stateTimeout, Token);
        using var client = Client(proxy);
        var servedBy = await ServedByAsync(client, "/version");

        Assert.NotEqual(0, proxy.Port);
        Assert.Equal($"embedded://127.0.0.1:{proxy.Port}", proxy.Address);
        Assert.Equal("a1", servedBy);
    }

    internal static EmbeddedProxyOptions Options(IReadOnlyList<EmbeddedProxyServer> servers, int? port = null,
        string healthPath = "/health", int fall = 2) => new()
        {
            Port = port ?? Integration.FreePort(),
            Backend = "lab",
            Servers = servers,
            HealthPath = healthPath,
            HealthInterval = s_interval,
            Rise = 2,
            Fall = fall,
            ConnectTimeout = TimeSpan.FromMilliseconds(500),
            Retries = 3,
        };

    /// <summary>Starts a proxy and waits until every server not in Maint has been checked once.</summary>
    internal static async Task<EmbeddedProxy> StartProxyAsync(IReadOnlyList<EmbeddedProxyServer> servers,
        string healthPath = "/health", int fall = 2)
    {
        var proxy = new EmbeddedProxy(Options(servers, healthPath: healthPath, fall: fall), NullLoggerFactory.Instance, TimeProvider.System);
        try
        {
            await proxy.StartAsync(Token).WaitAsync(s_stateTimeout, Token);
            await WaitForStateAsync(proxy, s => s.Servers.All(x => x.Admin == AdminState.Maint || x.CheckStatus != ""));
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Polls the proxy's state (bounded) until <paramref name="condition"/> holds; fails with the last state.</summary>
    internal static async Task<LoadBalancerState> WaitForStateAsync(EmbeddedProxy proxy, Func<LoadBalancerState, bool> condition)
    {
        var started = TimeProvider.System.GetTimestamp();
        LoadBalancerState state;
        do
        {
            state = await proxy.ReadStateAsync(Token);
            if (condition(state))
            {
                return state;
            }
            await Task.Delay(20, Token);
        }
        while (TimeProvider.System.GetElapsedTime(started) < s_stateTimeout);
        Assert.Fail($"The proxy did not reach the expected state within {s_stateTimeout}. Last state: " +
            string.Join("; ", state.Servers.Select(s => $"{s.Name} {s.Admin}/{s.Operational} {s.CheckStatus} scur={s.CurrentSessions} stot={s.TotalSessions}")));
        return state;
    }

    internal static HttpClient Client(EmbeddedProxy proxy) =>
        new(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://127.0.0.1:{proxy.Port}"), Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>GETs <paramref name="path"/> through the proxy, asserts 200, returns which server answered.</summary>
    internal static async Task<string> ServedByAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("X-App-Server"));
    }

    internal static ServerState Server(LoadBalancerState state, string name) => state.Servers.Single(s => s.Name == name);

    private IReadOnlyList<EmbeddedProxyServer> Servers(params string[] names) =>
        [.. names.Select(n => new EmbeddedProxyServer(n, cluster[n].Address, AdminState.Ready))];
}
