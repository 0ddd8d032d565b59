using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Lab;

/// <summary>The lab started and stopped for real: sample-service processes behind a real haproxy.</summary>
[Collection(HeavyCollection.Name)]
public sealed class LabHostTests : IAsyncDisposable
{
    private readonly string _dataFolder = Integration.TempFolder("lab");
    private readonly List<LabHost> _hosts = [];

    private (LabHost Host, LoadBalancerRegistry Registry, BlueGreenOptions Options) CreateLab(LabProxyKind proxy, int? frontendPort = null, int? basePort = null)
    {
        var options = new BlueGreenOptions
        {
            DataFolder = _dataFolder,
            Lab = new LabOptions
            {
                Proxy = proxy,
                FrontendPort = frontendPort ?? Integration.FreePort(),
                ServerBasePort = basePort ?? PortRange.FindFree(4),
                InstallDelay = TimeSpan.Zero,
            },
        };
        var wrapped = Options.Create(options);
        var registry = new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(wrapped.Value, NullLoggerFactory.Instance, TimeProvider.System));
        var host = new LabHost(wrapped, new EnvironmentCatalog(wrapped.Value.AllEnvironments()), registry, NullLoggerFactory.Instance, TimeProvider.System);
        _hosts.Add(host);
        return (host, registry, options);
    }

    // A lab on a real haproxy (the test skips without one), started.
    private async Task<(LabHost Host, LoadBalancerRegistry Registry, BlueGreenOptions Options)> StartHaProxyLabAsync(CancellationToken ct)
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var lab = CreateLab(LabProxyKind.HaProxy);
        await lab.Host.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        return lab;
    }

    private static bool Alive(int pid) => File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Length > 0;

    [Fact]
    public async Task Start_WithHaProxy_BlueLiveFrontEndServes100AndStopLeavesNoProcess()
    {
        var ct = TestContext.Current.CancellationToken;

        var (host, registry, options) = await StartHaProxyLabAsync(ct);

        Assert.Equal(LabProxyKind.HaProxy, host.ProxyInUse);
        var pids = host.ProcessIds;
        Assert.Equal(5, pids.Count);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync($"http://127.0.0.1:{options.Lab.FrontendPort}/item", ct);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("1.0.0", response.Headers.GetValues("X-App-Version").Single());

        var control = registry.Get("lab", host.Environment.LoadBalancers[0]).Control;
        var state = await control.ReadStateAsync(ct);
        Assert.Equal(["a1", "b1"], state.Servers.Where(s => s.IsRoutable).Select(s => s.Name).Order());
        Assert.All(state.Servers.Where(s => s.Name is "c1" or "d1"), s => Assert.Equal(AdminState.Maint, s.Admin));

        await host.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.All(pids, pid => Assert.False(Alive(pid), $"lab process {pid} is still running"));
        Assert.False(File.Exists(Path.Combine(_dataFolder, "lab", "processes.json")) && File.ReadAllText(Path.Combine(_dataFolder, "lab", "processes.json")) != "[]");
    }

    [Fact]
    public async Task Start_WithHaProxy_ServesHaProxysStatsPageOnTheLoopbackFrontEnd()
    {
        var ct = TestContext.Current.CancellationToken;
        var (host, registry, options) = await StartHaProxyLabAsync(ct);

        var statsUrl = registry.Get("lab", host.Environment.LoadBalancers[0]).StatsUrl;

        Assert.Equal($"http://127.0.0.1:{options.Lab.FrontendPort}/haproxy-stats", statsUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var page = await http.GetAsync(statsUrl, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Statistics Report", await page.Content.ReadAsStringAsync(ct));
        // The same page as CSV: the lab's backend and its four servers, as show stat prints them.
        var csv = await http.GetStringAsync(statsUrl + ";csv", ct);
        Assert.StartsWith("# pxname,svname,", csv);
        Assert.All(new[] { "a1", "b1", "c1", "d1" }, server => Assert.Contains($"\n{LabEnvironment.Backend},{server},", csv));
        await host.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    [Fact]
    public async Task Start_AfterCrash_StopsStaleProcessesAndStarts()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var frontend = Integration.FreePort();
        var basePort = PortRange.FindFree(4);
        var (crashed, _, _) = CreateLab(LabProxyKind.HaProxy, frontend, basePort);
        var ct = TestContext.Current.CancellationToken;
        await crashed.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);
        var stalePids = crashed.ProcessIds;

        // A "crash": nobody stops the first lab; a second one on the same data folder and ports starts.
        var (second, _, _) = CreateLab(LabProxyKind.HaProxy, frontend, basePort);
        await second.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.All(stalePids, pid => Assert.False(Alive(pid), $"stale lab process {pid} survived"));
        Assert.Equal(5, second.ProcessIds.Count);
        await second.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
    }

    [Fact]
    public async Task Start_PortInUse_ErrorNamesPortAndSetting()
    {
        using var blocker = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        blocker.Start();
        var port = ((System.Net.IPEndPoint)blocker.LocalEndpoint).Port;
        var (host, _, _) = CreateLab(LabProxyKind.Embedded, frontendPort: port);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains($"port {port}", error.Message);
        Assert.Contains("BlueGreen:Lab:FrontendPort", error.Message);
        Assert.Empty(host.ProcessIds);
    }

    [Fact]
    public async Task Start_EmbeddedProxy_BlueLiveWithNotice()
    {
        var (host, registry, options) = CreateLab(LabProxyKind.Embedded);
        var ct = TestContext.Current.CancellationToken;

        await host.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(LabProxyKind.Embedded, host.ProxyInUse);
        Assert.Contains("embedded proxy", registry.NoticeFor("lab"));
        Assert.Null(registry.Get("lab", host.Environment.LoadBalancers[0]).StatsUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync($"http://127.0.0.1:{options.Lab.FrontendPort}/item", ct);
        Assert.Equal("1.0.0", response.Headers.GetValues("X-App-Version").Single());
        var pids = host.ProcessIds;
        await host.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.All(pids, pid => Assert.False(Alive(pid)));
    }

    [Fact]
    public async Task Install_NewVersion_ServerRestartsWithIt()
    {
        var (host, _, options) = CreateLab(LabProxyKind.Embedded);
        var ct = TestContext.Current.CancellationToken;
        await host.StartAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        await host.InstallAsync("c1", "2.0.0", ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal("2.0.0", host.VersionOf("c1"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync($"http://127.0.0.1:{options.Lab.ServerBasePort + 2}/version", ct);
        Assert.Equal("2.0.0", response.Headers.GetValues("X-App-Version").Single());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
