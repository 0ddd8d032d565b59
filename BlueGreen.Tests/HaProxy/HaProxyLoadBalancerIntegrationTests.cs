using System.Diagnostics;
using System.Net;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.HaProxy;

/// <summary>
/// <see cref="HaProxyLoadBalancer"/> against a real HAProxy (<see cref="HaProxyFixture"/>) in front of in-process
/// Kestrel app servers, all on 127.0.0.1.
/// </summary>
public sealed class HaProxyLoadBalancerIntegrationTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SetServerStateAsync_DrainMaintReady_EachVisibleInReadState()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var green = await TestWebServer.StartAsync("green", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port), new("green", green.Port)]);
        var balancer = Create(haproxy.SocketPath);
        // A freshly started HAProxy shows its servers as "UP 1/2" (Stopping) until their first check passes.
        await WaitForServerAsync(balancer, haproxy, "blue", s => s.IsRoutable, "routable");
        await WaitForServerAsync(balancer, haproxy, "green", s => s.IsRoutable, "routable");

        await balancer.SetServerStateAsync("green", AdminState.Drain, Token).WaitAsync(s_step, Token);
        var drained = await ReadServerAsync(balancer, "green");
        Assert.Equal((AdminState.Drain, OperationalState.Up), (drained.Admin, drained.Operational));
        Assert.False(drained.IsRoutable);

        await balancer.SetServerStateAsync("green", AdminState.Maint, Token).WaitAsync(s_step, Token);
        var maint = await ReadServerAsync(balancer, "green");
        Assert.Equal((AdminState.Maint, OperationalState.Down), (maint.Admin, maint.Operational));
        Assert.True((await ReadServerAsync(balancer, "blue")).IsRoutable);

        await balancer.SetServerStateAsync("green", AdminState.Ready, Token).WaitAsync(s_step, Token);
        Assert.Equal(AdminState.Ready, (await ReadServerAsync(balancer, "green")).Admin);
        await WaitForServerAsync(balancer, haproxy, "green", s => s.IsRoutable, "routable again");
    }

    [Fact]
    public async Task SetServerStateAsync_ConfigDisabledThenReady_BecomesRoutable()
    {
        RequireHaProxy();
        await using var green = await TestWebServer.StartAsync("green", Token);
        await using var haproxy = await StartHaProxyAsync([new("green", green.Port, Disabled: true)]);
        var balancer = Create(haproxy.SocketPath);

        var before = await ReadServerAsync(balancer, "green");
        Assert.Equal((AdminState.Maint, OperationalState.Down), (before.Admin, before.Operational));

        await balancer.SetServerStateAsync("green", AdminState.Ready, Token).WaitAsync(s_step, Token);

        // HAProxy keeps the CMAINT bit (srv_admin_state 4): it must still read as Ready.
        var after = await WaitForServerAsync(balancer, haproxy, "green", s => s.IsRoutable, "routable");
        Assert.Equal(AdminState.Ready, after.Admin);
    }

    [Fact]
    public async Task SetServerStateAsync_ReadyOnDeadPort_NeverReportsUp()
    {
        RequireHaProxy();
        var deadPort = Integration.FreePort();
        await using var haproxy = await StartHaProxyAsync([new("green", deadPort, Disabled: true)],
            checkInterval: TimeSpan.FromMilliseconds(500), rise: 2, fall: 2);
        var balancer = Create(haproxy.SocketPath);

        await balancer.SetServerStateAsync("green", AdminState.Ready, Token).WaitAsync(s_step, Token);
        var (_, seen) = await PollServerAsync(balancer, haproxy, "green",
            s => s.Operational == OperationalState.Down, "Down");

        // HAProxy puts a server leaving maintenance UP at once with the lowest UP health ("UP 1/2"), before any
        // check: that must read as Stopping, never Up, or a switch would drain the live group onto a dead port.
        Assert.DoesNotContain(OperationalState.Up, seen);
        Assert.Equal(OperationalState.Down, seen[^1]);
    }

    [Fact]
    public async Task ReadStateAsync_ServerComesUp_ReportsStartingBeforeUp()
    {
        RequireHaProxy();
        var port = Integration.FreePort();
        await using var haproxy = await StartHaProxyAsync([new("green", port)],
            checkInterval: TimeSpan.FromMilliseconds(400), rise: 3, fall: 3);
        var balancer = Create(haproxy.SocketPath);
        await WaitForServerAsync(balancer, haproxy, "green", s => s.Operational == OperationalState.Down, "Down");

        await using var green = await TestWebServer.StartAsync("green", Token, port);
        var (last, seen) = await PollServerAsync(balancer, haproxy, "green",
            s => s.Operational == OperationalState.Up, "Up");

        // "DOWN 1/3", "DOWN 2/3" while the checks rise.
        Assert.Contains(OperationalState.Starting, seen);
        Assert.True(seen.IndexOf(OperationalState.Starting) < seen.IndexOf(OperationalState.Up));
        Assert.DoesNotContain(OperationalState.Stopping, seen);
        Assert.Equal("L7OK", last.CheckStatus);
    }

    [Fact]
    public async Task ReadStateAsync_ServerDies_ReportsStoppingBeforeDown()
    {
        RequireHaProxy();
        var green = await TestWebServer.StartAsync("green", Token);
        try
        {
            await using var haproxy = await StartHaProxyAsync([new("green", green.Port)],
                checkInterval: TimeSpan.FromMilliseconds(400), rise: 3, fall: 3);
            var balancer = Create(haproxy.SocketPath);
            await WaitForServerAsync(balancer, haproxy, "green", s => s.Operational == OperationalState.Up, "Up");

            await green.StopAsync();
            var (last, seen) = await PollServerAsync(balancer, haproxy, "green",
                s => s.Operational == OperationalState.Down, "Down");

            // "UP 2/3", "UP 1/3" while the checks fall.
            Assert.Contains(OperationalState.Stopping, seen);
            Assert.True(seen.IndexOf(OperationalState.Stopping) < seen.IndexOf(OperationalState.Down));
            Assert.Equal("L4CON", last.CheckStatus);
        }
        finally
        {
            await green.DisposeAsync();
        }
    }

    [Fact]
    public async Task ReadStateAsync_DeadServerPort_ReportsDownWithL4Con()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port), new("green", Integration.FreePort())]);
        var balancer = Create(haproxy.SocketPath);

        var green = await WaitForServerAsync(balancer, haproxy, "green",
            s => s.Operational == OperationalState.Down && s.CheckStatus.Length > 0, "Down with a check status");

        Assert.Equal(AdminState.Ready, green.Admin);
        Assert.Equal("L4CON", green.CheckStatus);
        Assert.False(green.IsRoutable);
    }

    [Fact]
    public async Task SetServerStateAsync_DrainWithOpenSession_ShowsCurrentSessionsUntilItEnds()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port)]);
        var balancer = Create(haproxy.SocketPath);
        await WaitForServerAsync(balancer, haproxy, "blue", s => s.IsRoutable, "routable");
        using var http = CreateHttpClient();
        var slow = http.GetAsync(haproxy.FrontendUrl + "slow", Token);
        await blue.SlowRequestArrived.WaitAsync(s_step, Token);

        await balancer.SetServerStateAsync("blue", AdminState.Drain, Token).WaitAsync(s_step, Token);
        var draining = await ReadServerAsync(balancer, "blue");

        Assert.Equal(AdminState.Drain, draining.Admin);
        Assert.True(draining.CurrentSessions > 0, $"scur was {draining.CurrentSessions}");
        blue.ReleaseSlowRequests();
        using var response = await slow.WaitAsync(s_step, Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await WaitForServerAsync(balancer, haproxy, "blue", s => s.CurrentSessions == 0, "drained (scur 0)");
    }

    [Fact]
    public async Task ShutdownSessionsAsync_OpenSession_ClosesIt()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port)]);
        var balancer = Create(haproxy.SocketPath);
        await WaitForServerAsync(balancer, haproxy, "blue", s => s.IsRoutable, "routable");
        using var http = CreateHttpClient();
        var slow = http.GetAsync(haproxy.FrontendUrl + "slow", Token);
        await blue.SlowRequestArrived.WaitAsync(s_step, Token);

        await balancer.ShutdownSessionsAsync("blue", Token).WaitAsync(s_step, Token);

        // HAProxy aborts the stream: the client sees the connection die (or an error status), not the slow answer.
        var failed = false;
        try
        {
            using var response = await slow.WaitAsync(s_step, Token);
            failed = response.StatusCode != HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            failed = true;
        }
        Assert.True(failed, "the request held open through HAProxy should have been cut");
        await WaitForServerAsync(balancer, haproxy, "blue", s => s.CurrentSessions == 0, "scur 0");
    }

    [Fact]
    public async Task SetServerWeightAsync_Zero_ReadStateShowsWeight()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port)]);
        var balancer = Create(haproxy.SocketPath);

        await balancer.SetServerWeightAsync("blue", 0, Token).WaitAsync(s_step, Token);
        Assert.Equal(0, (await ReadServerAsync(balancer, "blue")).Weight);

        await balancer.SetServerWeightAsync("blue", 7, Token).WaitAsync(s_step, Token);
        Assert.Equal(7, (await ReadServerAsync(balancer, "blue")).Weight);
    }

    [Fact]
    public async Task SetServerStateAsync_UnknownServer_ThrowsCommandExceptionWithAnswer()
    {
        RequireHaProxy();
        await using var haproxy = await StartHaProxyAsync([new("blue", Integration.FreePort())]);
        var balancer = Create(haproxy.SocketPath);

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(
            () => balancer.SetServerStateAsync("nope", AdminState.Drain, Token)).WaitAsync(s_step, Token);

        Assert.Equal("set server app/nope state drain", ex.Command);
        Assert.Equal("No such server.", ex.Answer.Trim());
        Assert.Contains("No such server.", ex.Message);
    }

    [Fact]
    public async Task ReadStateAsync_UnknownBackend_ThrowsCommandExceptionWithAnswer()
    {
        RequireHaProxy();
        await using var haproxy = await StartHaProxyAsync([new("blue", Integration.FreePort())]);
        var balancer = Create(haproxy.SocketPath, backend: "nope");

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(() => balancer.ReadStateAsync(Token)).WaitAsync(s_step, Token);

        // Both reads fail ("Can't find backend." and "No such proxy."); servers state is judged first.
        Assert.Equal("show servers state nope", ex.Command);
        Assert.Equal("Can't find backend.", ex.Answer.Trim());
    }

    [Fact]
    public async Task ReadStateAsync_HaProxyKilled_ThrowsUnreachableNamingSocketPath()
    {
        RequireHaProxy();
        await using var haproxy = await StartHaProxyAsync([new("blue", Integration.FreePort())]);
        var balancer = Create(haproxy.SocketPath);
        await balancer.ReadStateAsync(Token).WaitAsync(s_step, Token);

        haproxy.KillHaProxy();
        var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(() => balancer.ReadStateAsync(Token)).WaitAsync(s_step, Token);

        Assert.Equal(haproxy.SocketPath, ex.Address);
        Assert.Contains(haproxy.SocketPath, ex.Message);
        Assert.Contains("Is HAProxy running?", ex.Message);
    }

    [Fact]
    public async Task ReadStateAsync_TcpRuntimeAddress_ReadsAndSetsState()
    {
        RequireHaProxy();
        await using var blue = await TestWebServer.StartAsync("blue", Token);
        await using var haproxy = await StartHaProxyAsync([new("blue", blue.Port), new("green", Integration.FreePort(), Check: false)],
            tcpRuntimePort: Integration.FreePort());
        var balancer = Create(haproxy.TcpRuntimeAddress);

        await balancer.SetServerStateAsync("green", AdminState.Drain, Token).WaitAsync(s_step, Token);
        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_step, Token);

        Assert.Equal(haproxy.TcpRuntimeAddress, balancer.Address);
        Assert.Equal(["blue", "green"], state.Servers.Select(s => s.Name));
        var green = state.Servers[1];
        // "no check" server, drained: checks say nothing, op state running.
        Assert.Equal((AdminState.Drain, OperationalState.Up, ""), (green.Admin, green.Operational, green.CheckStatus));
    }

    [Fact]
    public async Task StartAsync_InvalidConfiguration_ThrowsWithHaProxyOutput()
    {
        RequireHaProxy();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(
            () => StartHaProxyAsync([new("bad name", Integration.FreePort())])).WaitAsync(s_step, Token);

        Assert.Contains("HAProxy exited", ex.Message);
        Assert.Contains("ALERT", ex.Message);
    }

    private static void RequireHaProxy() => Integration.RequireExecutable("haproxy", "haproxy");

    private static Task<HaProxyFixture> StartHaProxyAsync(IReadOnlyList<HaProxyFixture.Server> servers,
        TimeSpan? checkInterval = null, int rise = 2, int fall = 2, int? tcpRuntimePort = null) =>
        HaProxyFixture.StartAsync(new HaProxyFixture.Settings
        {
            Servers = servers,
            CheckInterval = checkInterval ?? TimeSpan.FromMilliseconds(200),
            Rise = rise,
            Fall = fall,
            TcpRuntimePort = tcpRuntimePort,
        }, Token).WaitAsync(TimeSpan.FromSeconds(20), Token);

    private static HaProxyLoadBalancer Create(string address, string backend = "app") =>
        new(address, backend, TimeSpan.FromSeconds(5), new RecordingLogger<HaProxyLoadBalancer>(), TimeProvider.System);

    private static HttpClient CreateHttpClient() =>
        new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };

    private static async Task<ServerState> ReadServerAsync(HaProxyLoadBalancer balancer, string server)
    {
        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_step, Token);
        return state.Servers.Single(s => s.Name == server);
    }

    private static async Task<ServerState> WaitForServerAsync(HaProxyLoadBalancer balancer, HaProxyFixture haproxy,
        string server, Func<ServerState, bool> condition, string expected) =>
        (await PollServerAsync(balancer, haproxy, server, condition, expected)).Last;

    /// <summary>Reads every 50 ms until <paramref name="condition"/> holds (at most 10 s); returns the last read and
    /// the sequence of distinct operational states seen on the way.</summary>
    private static async Task<(ServerState Last, List<OperationalState> Seen)> PollServerAsync(HaProxyLoadBalancer balancer,
        HaProxyFixture haproxy, string server, Func<ServerState, bool> condition, string expected)
    {
        var seen = new List<OperationalState>();
        var watch = Stopwatch.StartNew();
        ServerState last;
        do
        {
            last = await ReadServerAsync(balancer, server);
            if (seen.Count == 0 || seen[^1] != last.Operational)
            {
                seen.Add(last.Operational);
            }
            if (condition(last))
            {
                return (last, seen);
            }
            await Task.Delay(50, Token);
        }
        while (watch.Elapsed < s_step);
        throw new TimeoutException($"{server} did not become {expected} within {s_step.TotalSeconds} s; last {last}; "
            + $"seen {string.Join(" > ", seen)}.\nHAProxy output:\n{haproxy.Output}");
    }
}
