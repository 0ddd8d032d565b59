using BlueGreen.Core.Environments;
using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// End to end in the lab: real sample-service processes behind a real haproxy, the real engine, and a client
/// sending 250 requests/s through the front end the whole time, which must see no failed request.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class LabDeploymentTests : IAsyncLifetime
{
    private IHost _host = null!;
    private string _folder = "";
    private int _frontendPort;

    public async ValueTask InitializeAsync()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        _folder = Integration.TempFolder("labdeploy");
        _frontendPort = Integration.FreePort();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BlueGreen:DataFolder"] = _folder,
            ["BlueGreen:Lab:Proxy"] = "HaProxy",
            ["BlueGreen:Lab:FrontendPort"] = _frontendPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:ServerBasePort"] = PortRange.FindFree(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["BlueGreen:Lab:InstallDelay"] = "00:00:01",
        });
        builder.Services.AddBlueGreenCore(builder.Configuration);
        _host = builder.Build();
        await _host.StartAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
            _host.Dispose();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }
    }

    private DeploymentEngine Engine => _host.Services.GetRequiredService<DeploymentEngine>();
    private DeploymentStore Store => _host.Services.GetRequiredService<DeploymentStore>();
    private LabHost Lab => _host.Services.GetRequiredService<LabHost>();

    /// <summary>Deploys while a 250 requests/s open-model client runs through the front end; returns the
    /// finished record and the client's totals.</summary>
    private async Task<(DeploymentRecord Record, LoadTotals Load)> DeployUnderLoadAsync(string version, DeploymentStrategy strategy, DeploymentState expected)
    {
        using var load = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var run = new LoadGenerator(TimeProvider.System, HttpSenderFactory.Create).Start(new LoadTestRequest
        {
            Target = new Uri($"http://127.0.0.1:{_frontendPort}/item"),
            RatePerClient = 250,
            Clients = 1,
            Duration = TimeSpan.FromSeconds(100),
            Timeout = TimeSpan.FromSeconds(5),
        }, load.Token);
        var samples = new List<LoadSample>();
        var collecting = Task.Run(async () =>
        {
            await foreach (var sample in run.Samples.ReadAllAsync(CancellationToken.None))
            {
                if (sample.Client is null)
                {
                    samples.Add(sample);
                }
            }
        }, CancellationToken.None);
        await Task.Delay(1000, TestContext.Current.CancellationToken);

        var id = Engine.Start(new DeploymentRequest { Environment = "lab", Version = version, Strategy = strategy, RequestedBy = "test" }).Id;
        var record = await WaitForFinalAsync(id);
        await Task.Delay(1000, TestContext.Current.CancellationToken);
        await load.CancelAsync();
        var summary = await run.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await collecting.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(record.State == expected, $"Deployment ended {record.State}, expected {expected}: {record.Error}\n{Log(id)}");
        Assert.True(summary.Total.Failed == 0,
            $"{summary.Total.Failed} failed requests ({summary.Total.Failures}); seconds with failures: " +
            string.Join("; ", samples.Where(x => x.Failed > 0).Select(x => $"{x.Start:HH:mm:ss} {x.Failures}")) + $"\n{Log(id)}");
        return (record, summary.Total);
    }

    private string Log(string id) => string.Join("\n", Store.Logs(id).Select(l => $"{l.At:HH:mm:ss.fff} [{l.Server}] {l.Text}"));

    private async Task<DeploymentRecord> WaitForFinalAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (Store.Find(id) is { } record && !DeploymentStateMachine.IsActive(record.State))
            {
                return record;
            }
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"Deployment {id} did not finish within 90 s: {Store.Find(id)?.State}");
    }

    private async Task<string> FrontendVersionAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync($"http://127.0.0.1:{_frontendPort}/item", TestContext.Current.CancellationToken);
        return response.Headers.GetValues("X-App-Version").Single();
    }

    private async Task<IReadOnlyList<ServerState>> ServersAsync()
    {
        var registry = _host.Services.GetRequiredService<LoadBalancerRegistry>();
        var state = await registry.Get("lab", Lab.Environment.LoadBalancers[0]).Control.ReadStateAsync(TestContext.Current.CancellationToken);
        return state.Servers;
    }

    [Fact]
    public async Task HaProxyKilledMidSwitch_DeploymentFailsSayingWhereAndWhatToDo()
    {
        var id = Engine.Start(new DeploymentRequest { Environment = "lab", Version = "2.0.0", RequireApproval = true, RequestedBy = "test" }).Id;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Store.Find(id)!.State != DeploymentState.AwaitingApproval && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Equal(DeploymentState.AwaitingApproval, Store.Find(id)!.State);
        var haproxy = Lab.ProcessIds.Single(pid => File.ReadAllText($"/proc/{pid}/comm").Trim() == "haproxy");

        Engine.Approve(id, "tester", null);
        // As soon as the incoming servers are READY (the engine then waits for them to come UP), HAProxy dies.
        while (!(await ServersAsync()).Any(s => s.Name == "c1" && s.Admin == AdminState.Ready) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
        using (var process = System.Diagnostics.Process.GetProcessById(haproxy))
        {
            process.Kill();
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        }
        var record = await WaitForFinalAsync(id);

        Assert.True(record.State == DeploymentState.Failed, $"{record.State}: {record.Error}\n{Log(id)}");
        Assert.Contains("The switch to Green stopped half-way", record.Error);
        Assert.Contains("Roll back (returns Blue and drains Green)", record.Error);
        Assert.All(record.Steps, s => Assert.NotNull(s.Duration));
        Assert.Contains(Store.Logs(id), l => l.IsError && l.Text.Contains("stopped half-way", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_BlueGreenUnderLoad_GreenLiveZeroFailedRequests()
    {
        var (record, load) = await DeployUnderLoadAsync("2.0.0", DeploymentStrategy.BlueGreen, DeploymentState.Succeeded);

        Assert.Equal(0, load.Failed);
        Assert.Equal(0, load.Unsent);
        Assert.True(load.Ok > 2000, $"only {load.Ok} requests went through");
        Assert.Equal("2.0.0", await FrontendVersionAsync());
        var servers = await ServersAsync();
        Assert.Equal(["c1", "d1"], servers.Where(s => s.IsRoutable).Select(s => s.Name).Order());
        Assert.Equal("1.0.0", Lab.VersionOf("a1"));
        Assert.All(record.SwitchAudits, a => Assert.Equal(0, a.Lost));
    }

    [Fact]
    public async Task Deploy_BrokenVersionUnderLoad_SmokeFailsBlueStaysLiveZeroFailed()
    {
        var (record, load) = await DeployUnderLoadAsync("3.0.0-broken", DeploymentStrategy.BlueGreen, DeploymentState.Failed);

        Assert.Equal(0, load.Failed);
        Assert.Contains("Smoke tests failed", record.Error);
        Assert.Equal("1.0.0", await FrontendVersionAsync());
        Assert.Equal(["a1", "b1"], (await ServersAsync()).Where(s => s.IsRoutable).Select(s => s.Name).Order());
    }

    [Fact]
    public async Task Deploy_TwoPhaseUnderLoad_AllSitesNewVersionZeroFailed()
    {
        var (_, load) = await DeployUnderLoadAsync("2.1.0", DeploymentStrategy.TwoPhase, DeploymentState.Succeeded);

        Assert.Equal(0, load.Failed);
        Assert.All(["a1", "b1", "c1", "d1"], s => Assert.Equal("2.1.0", Lab.VersionOf(s)));
        Assert.Equal(4, (await ServersAsync()).Count(s => s.IsRoutable));
        Assert.Equal("2.1.0", await FrontendVersionAsync());
    }
}
