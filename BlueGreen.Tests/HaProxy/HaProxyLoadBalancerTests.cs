using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.HaProxy;

/// <summary>The load balancer against a fake runtime socket that serves answers captured from a real HAProxy 2.6.</summary>
public sealed class HaProxyLoadBalancerTests
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset s_now = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadStateAsync_CapturedDrainWithSession_MergesBothReadsPerServer()
    {
        await using var fake = ServeScenario("maint-and-drain-with-session");
        var balancer = Create(fake.SocketPath, "app");

        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal("app", state.Backend);
        Assert.Equal(s_now, state.ReadAt);
        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6"], state.Servers.Select(s => s.Name));
        var s4 = state.Servers.Single(s => s.Name == "s4");
        Assert.Equal(AdminState.Drain, s4.Admin);
        Assert.Equal(OperationalState.Up, s4.Operational);
        Assert.Equal("L7OK", s4.CheckStatus);
        Assert.Equal(1, s4.CurrentSessions);
        Assert.Equal(1, s4.TotalSessions);
        Assert.Equal(1, s4.Weight);
        Assert.False(s4.IsRoutable);
        var s3 = state.Servers.Single(s => s.Name == "s3");
        Assert.Equal((AdminState.Ready, OperationalState.Down, "L4CON"), (s3.Admin, s3.Operational, s3.CheckStatus));
        Assert.All(state.Servers.Where(s => s.Name is "s1" or "s2" or "s5" or "s6"), s => Assert.Equal(AdminState.Maint, s.Admin));
        Assert.Contains("show servers state app", fake.Commands);
        Assert.Contains("show stat app 6 -1", fake.Commands);
    }

    [Fact]
    public async Task ReadStateAsync_CapturedFalling1_CarriesBytesAndLastChangeTime()
    {
        await using var fake = ServeScenario("falling-1");
        var balancer = Create(fake.SocketPath, "app");

        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        var s4 = state.Servers.Single(s => s.Name == "s4");
        Assert.Equal(1, s4.TotalSessions);
        Assert.Equal<long?>(107, s4.BytesIn);
        Assert.Equal<long?>(209, s4.BytesOut);
        // lastchg 4: the change was 4 s before the read.
        Assert.Equal<DateTimeOffset?>(s_now - TimeSpan.FromSeconds(4), s4.LastChangeAt);
        Assert.Equal<DateTimeOffset?>(s_now - TimeSpan.FromSeconds(1), state.Servers.Single(s => s.Name == "s3").LastChangeAt);
    }

    [Fact]
    public async Task ReadStateAsync_CapturedBaseline_OnlyThisBackendsServersAndRoutableOnes()
    {
        await using var fake = ServeScenario("baseline");
        var balancer = Create(fake.SocketPath, "app");

        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        Assert.DoesNotContain(state.Servers, s => s.Name == "n1");
        Assert.Equal(["s1", "s4", "s5", "s6"], state.Servers.Where(s => s.IsRoutable).Select(s => s.Name));
        Assert.Equal(0, state.BackendQueue);
    }

    [Fact]
    public async Task ReadStateAsync_CapturedBackendFilteredStat_ReadsServers()
    {
        // The answer of the command actually sent, "show stat app 6 -1", captured: no FRONTEND, no other backends.
        await using var fake = FakeRuntimeApi.Start(command => command == "show stat app 6 -1"
            ? HaProxyTestData.Read("stat-backend-filter.csv")
            : HaProxyTestData.Servers("baseline"));

        var state = await Create(fake.SocketPath, "app").ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(["s1", "s2", "s3", "s4", "s5", "s6"], state.Servers.Select(s => s.Name));
        Assert.Equal("L4CON", state.Servers[0].CheckStatus);
    }

    [Fact]
    public async Task ReadStateAsync_CapturedBackend502_ReportsBackendHttp5xx()
    {
        await using var fake = ServeScenario("drain-down");
        var balancer = Create(fake.SocketPath, "app");

        var state = await balancer.ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(1, state.BackendHttp5xx);
        var s4 = state.Servers.Single(s => s.Name == "s4");
        Assert.Equal((AdminState.Drain, OperationalState.Down), (s4.Admin, s4.Operational));
    }

    [Fact]
    public async Task ReadStateAsync_ReadyAfterMaint_IsNotRoutableUntilFirstCheckPasses()
    {
        await using var before = ServeScenario("ready-from-maint-live-1");
        await using var after = ServeScenario("ready-from-maint-live-up");

        var first = await Create(before.SocketPath, "app").ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);
        var second = await Create(after.SocketPath, "app").ReadStateAsync(Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(OperationalState.Stopping, first.Servers.Single(s => s.Name == "s2").Operational);
        Assert.False(first.Servers.Single(s => s.Name == "s2").IsRoutable);
        Assert.True(second.Servers.Single(s => s.Name == "s2").IsRoutable);
    }

    [Fact]
    public async Task ReadStateAsync_UnknownBackend_ThrowsCommandExceptionWithAnswer()
    {
        var answer = HaProxyTestData.Read("answer-cant-find-backend.txt");
        await using var fake = FakeRuntimeApi.Start(c => c.StartsWith("show stat", StringComparison.Ordinal)
            ? HaProxyTestData.Read("answer-no-such-proxy.txt")
            : answer);
        var balancer = Create(fake.SocketPath, "nope");

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(() => balancer.ReadStateAsync(Token)).WaitAsync(s_testTimeout, Token);

        Assert.Equal("show servers state nope", ex.Command);
        Assert.Equal(answer, ex.Answer);
        Assert.Contains("Can't find backend.", ex.Message);
    }

    [Fact]
    public async Task ReadStateAsync_StatPermissionDenied_ThrowsCommandException()
    {
        var denied = HaProxyTestData.Read("answer-permission-denied.txt");
        await using var fake = FakeRuntimeApi.Start(c => c == "show stat app 6 -1" ? denied : HaProxyTestData.Servers("baseline"));

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(
            () => Create(fake.SocketPath, "app").ReadStateAsync(Token)).WaitAsync(s_testTimeout, Token);

        Assert.Equal("show stat app 6 -1", ex.Command);
        Assert.Contains("level admin", ex.Message);
    }

    [Theory]
    [InlineData(AdminState.Ready, "set server app/s1 state ready")]
    [InlineData(AdminState.Drain, "set server app/s1 state drain")]
    [InlineData(AdminState.Maint, "set server app/s1 state maint")]
    public async Task SetServerStateAsync_State_SendsSetServerAndLogsInformation(AdminState state, string command)
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");
        var logger = new RecordingLogger<HaProxyLoadBalancer>();
        var balancer = Create(fake.SocketPath, "app", logger);

        await balancer.SetServerStateAsync("s1", state, Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal([command], fake.Commands);
        var entry = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("Setting {Server} on {Backend} to {State}", entry.Template);
        Assert.Equal($"Setting s1 on app to {state}", entry.Message);
    }

    [Fact]
    public async Task SetServerStateAsync_HaProxyRefuses_ThrowsCommandException()
    {
        var answer = HaProxyTestData.Read("answer-no-such-server.txt");
        await using var fake = FakeRuntimeApi.Start(_ => answer);

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(
            () => Create(fake.SocketPath, "app").SetServerStateAsync("nope", AdminState.Drain, Token)).WaitAsync(s_testTimeout, Token);

        Assert.Equal("set server app/nope state drain", ex.Command);
        Assert.Equal(answer, ex.Answer);
    }

    [Theory]
    [InlineData("s1;shutdown sessions server app/s2")]
    [InlineData("s1 state maint")]
    [InlineData("../s1")]
    [InlineData("")]
    public async Task SetServerStateAsync_InvalidServerName_ThrowsBeforeSending(string server)
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");
        var balancer = Create(fake.SocketPath, "app");

        await Assert.ThrowsAsync<ArgumentException>(() => balancer.SetServerStateAsync(server, AdminState.Maint, Token))
            .WaitAsync(s_testTimeout, Token);
        await Assert.ThrowsAsync<ArgumentException>(() => balancer.SetServerWeightAsync(server, 1, Token))
            .WaitAsync(s_testTimeout, Token);
        await Assert.ThrowsAsync<ArgumentException>(() => balancer.ShutdownSessionsAsync(server, Token))
            .WaitAsync(s_testTimeout, Token);

        Assert.Empty(fake.Commands);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(256)]
    public async Task SetServerWeightAsync_InRange_SendsWeight(int weight)
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");

        await Create(fake.SocketPath, "app").SetServerWeightAsync("s1", weight, Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal([$"set server app/s1 weight {weight}"], fake.Commands);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(257)]
    public async Task SetServerWeightAsync_OutOfRange_ThrowsWithoutSending(int weight)
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Create(fake.SocketPath, "app").SetServerWeightAsync("s1", weight, Token)).WaitAsync(s_testTimeout, Token);

        Assert.Empty(fake.Commands);
    }

    [Fact]
    public async Task ShutdownSessionsAsync_Server_SendsShutdownSessions()
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");

        await Create(fake.SocketPath, "app").ShutdownSessionsAsync("s4", Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(["shutdown sessions server app/s4"], fake.Commands);
    }

    [Theory]
    [InlineData("app;show info")]
    [InlineData("app backend")]
    [InlineData("")]
    public void Constructor_InvalidBackend_ThrowsArgumentException(string backend)
    {
        Assert.Throws<ArgumentException>(() => Create("/run/haproxy/admin.sock", backend));
    }

    [Fact]
    public void Address_IsTheConfiguredAddress()
    {
        Assert.Equal("unix:/run/haproxy/admin.sock", Create("unix:/run/haproxy/admin.sock", "app").Address);
        Assert.Equal("app", Create("unix:/run/haproxy/admin.sock", "app").Backend);
    }

    private static FakeRuntimeApi ServeScenario(string scenario) => FakeRuntimeApi.Start(command => command switch
    {
        "show stat app 6 -1" => HaProxyTestData.Stat(scenario),
        "show servers state app" => HaProxyTestData.Servers(scenario),
        _ => "Unknown command\n\n",
    });

    private static HaProxyLoadBalancer Create(string address, string backend, ILogger<HaProxyLoadBalancer>? logger = null) =>
        new(address, backend, TimeSpan.FromSeconds(5), logger ?? new RecordingLogger<HaProxyLoadBalancer>(), new FixedTime());

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => s_now;
    }
}
