using System.Diagnostics;
using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Ssh;
using BlueGreen.Core.Status;
using BlueGreen.Core.Storage;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.Deployment;
using BlueGreen.Tests.SampleApp;
using BlueGreen.Tests.Ssh;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Faults;

/// <summary>
/// Every real part of a release, on loopback, for one fault test: two sample-app processes, a1 (site A, Blue, live,
/// 1.0.0) and c1 (site C, Green, in maintenance, with 2.0.0 already on disk); one or two HAProxy processes in front of
/// both (lb1, lb2), each with a unix admin socket for the engine and a TCP one the test watches through (so it still
/// sees a load balancer whose unix socket is gone); a private sshd that the deploy step runs its command through; and
/// the real <see cref="DeploymentEngine"/> (switch orchestrator, smoke tester, deploy step runner, LiteDB store in a
/// temp folder). Disposing stops what it started, by process id.
/// </summary>
internal sealed class FaultLab : IAsyncDisposable
{
    public const string Blue = "a1";
    public const string Green = "c1";
    public const string OldVersion = "1.0.0";
    public const string NewVersion = "2.0.0";

    private static readonly TimeSpan s_ready = TimeSpan.FromSeconds(20);

    private readonly string _folder = Integration.TempFolder("faults");
    private readonly List<IAsyncDisposable> _started = [];
    private BlueGreenDatabase? _database;

    private FaultLab(Settings settings) => Setup = settings;

    /// <summary>What a test changes; the rest is the same for every fault.</summary>
    public sealed class Settings
    {
        public int LoadBalancers { get; init; } = 1;
        /// <summary>The deploy step's command, run over SSH on each updated server (placeholders as in the configuration).</summary>
        public string StepCommand { get; init; } = "echo installing {version} on {server}";
        public SmokeCheckOptions SmokeCheck { get; init; } = new();
        public TimeSpan SmokeTimeout { get; init; } = TimeSpan.FromSeconds(2);
        public int SmokeAttempts { get; init; } = 1;
        public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(20);
    }

    public Settings Setup { get; }
    public SampleAppProcess BlueApp { get; private set; } = null!;
    public SampleAppProcess GreenApp { get; private set; } = null!;
    public IReadOnlyList<HaProxyFixture> HaProxies { get; private set; } = [];
    public SshdFixture Sshd { get; private set; } = null!;
    public EnvironmentOptions Environment { get; private set; } = null!;
    public DeploymentEngine Engine { get; private set; } = null!;
    public DeploymentStore Store { get; private set; } = null!;

    /// <summary>Starts every part (apps, sshd and load balancers in parallel) and waits until a1 is UP and c1 in
    /// maintenance on every load balancer.</summary>
    public static async Task<FaultLab> StartAsync(Settings settings, CancellationToken cancellationToken)
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var lab = new FaultLab(settings);
        try
        {
            await lab.StartPartsAsync(cancellationToken);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>One outside client per front end, each at <paramref name="ratePerSecond"/>, for at most
    /// <paramref name="duration"/>; returns once each has had 100 answers.</summary>
    public async Task<IReadOnlyList<OutsideClient>> StartClientsAsync(int ratePerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var clients = HaProxies.Select(h => OutsideClient.Start(new Uri(h.FrontendUrl + "item"), ratePerSecond, duration)).ToList();
        _started.InsertRange(0, clients);
        foreach (var client in clients)
        {
            await client.WaitForAnsweredAsync(100, TimeSpan.FromSeconds(10), cancellationToken);
        }
        return clients;
    }

    /// <summary>After the fault: lets each client get 1,000 more answers (two seconds at 500 requests/s; bounded), so
    /// its counts show the service still answering afterwards, then stops them and returns their totals.</summary>
    public static async Task<OutsideClientCounts[]> StopClientsAsync(IReadOnlyList<OutsideClient> clients, CancellationToken cancellationToken)
    {
        foreach (var client in clients)
        {
            await client.WaitForAnsweredAsync(client.Counts.Answered + 1000, TimeSpan.FromSeconds(15), cancellationToken);
        }
        return await Task.WhenAll(clients.Select(c => c.StopAsync()));
    }

    public DeploymentRecord Deploy(bool approval = false) => Engine.Start(new DeploymentRequest
    {
        Environment = Environment.Name,
        Version = NewVersion,
        RequireApproval = approval,
        RequestedBy = "fault-test",
    });

    public Task<DeploymentRecord> WaitForAsync(string id, DeploymentState state, TimeSpan? timeout = null)
        => DeploymentWait.ForStateAsync(Store, id, state, timeout);

    public string Log(string id) => DeploymentWait.Log(Store, id);

    /// <summary>What load balancer <paramref name="index"/> reports now, read through its TCP runtime socket.</summary>
    public Task<LoadBalancerState> ReadAsync(int index, CancellationToken cancellationToken)
        => Observer(index).ReadStateAsync(cancellationToken);

    /// <summary>The admin states of a1 and c1 on every load balancer, e.g. "lb1 a1=Ready c1=Maint; lb2 ...".</summary>
    public async Task<string> AdminStatesAsync(CancellationToken cancellationToken)
    {
        var parts = new List<string>();
        for (var i = 0; i < HaProxies.Count; i++)
        {
            var state = await ReadAsync(i, cancellationToken);
            parts.Add($"{Environment.LoadBalancers[i].Name} {string.Join(" ", state.Servers.Select(s => $"{s.Name}={s.Admin}"))}");
        }
        return string.Join("; ", parts);
    }

    /// <summary>Polls load balancer <paramref name="index"/> (every 10 ms, bounded) until <paramref name="server"/>
    /// satisfies <paramref name="condition"/>; returns that reading.</summary>
    public async Task<ServerState> WaitForServerAsync(int index, string server, Func<ServerState, bool> condition, string what,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        ServerState? last = null;
        while (clock.Elapsed < timeout)
        {
            last = (await ReadAsync(index, cancellationToken)).Servers.Single(s => s.Name == server);
            if (condition(last))
            {
                return last;
            }
            await Task.Delay(10, cancellationToken);
        }
        throw new TimeoutException($"{server} on {Environment.LoadBalancers[index].Name} was not {what} within {timeout.TotalSeconds} s; last: {last}.\n"
            + $"HAProxy output:\n{HaProxies[index].Output}");
    }

    public async ValueTask DisposeAsync()
    {
        // Clients first (they watch the rest), then the engine, then the processes.
        foreach (var part in _started.ToList())
        {
            if (part is OutsideClient client)
            {
                await client.DisposeAsync();
            }
        }
        if (Engine is not null)
        {
            await Engine.StopAsync(CancellationToken.None);
        }
        _database?.Dispose();
        foreach (var part in _started.Where(p => p is not OutsideClient).Reverse())
        {
            await part.DisposeAsync();
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not worth failing a test for.
        }
    }

    private HaProxyLoadBalancer Observer(int index)
        => new(HaProxies[index].TcpRuntimeAddress, HaProxies[index].Backend, TimeSpan.FromSeconds(3), NullLogger<HaProxyLoadBalancer>.Instance, TimeProvider.System);

    private async Task StartPartsAsync(CancellationToken cancellationToken)
    {
        var blue = SampleAppProcess.StartAsync(OldVersion, Blue, cancellationToken: cancellationToken);
        var green = SampleAppProcess.StartAsync(NewVersion, Green, cancellationToken: cancellationToken);
        var sshd = SshdFixture.StartAsync(cancellationToken);
        await Track(blue);
        await Track(green);
        await Track(sshd);
        BlueApp = blue.Result;
        GreenApp = green.Result;
        Sshd = sshd.Result;

        var haproxies = new List<HaProxyFixture>();
        for (var i = 0; i < Setup.LoadBalancers; i++)
        {
            var haproxy = await HaProxyFixture.StartAsync(new HaProxyFixture.Settings
            {
                Servers = [new(Blue, BlueApp.Port), new(Green, GreenApp.Port, Disabled: true)],
                TcpRuntimePort = Integration.FreePort(),
            }, cancellationToken);
            _started.Add(haproxy);
            haproxies.Add(haproxy);
        }
        HaProxies = haproxies;
        foreach (var haproxy in HaProxies)
        {
            await haproxy.WaitForStatusAsync(Blue, s => s == "UP", "UP", s_ready, cancellationToken);
        }
        BuildEngine();
    }

    // Registered for disposal as soon as it has started, even when another part fails to.
    private async Task Track<T>(Task<T> start) where T : IAsyncDisposable
    {
        try
        {
            await start;
        }
        finally
        {
            if (start.IsCompletedSuccessfully)
            {
                _started.Add(start.Result);
            }
        }
    }

    private void BuildEngine()
    {
        var sshOptions = Sshd.CreateOptions();
        Environment = new EnvironmentOptions
        {
            Name = "prod",
            LoadBalancers = [.. HaProxies.Select((h, i) => new LoadBalancerOptions { Name = $"lb{i + 1}", RuntimeApi = h.SocketPath, Backend = h.Backend, FrontendUrl = h.FrontendUrl })],
            Sites =
            [
                new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = Blue, Address = BlueApp.Address, SshHost = Sshd.Host }] },
                new SiteOptions { Name = "C", Group = "Green", Servers = [new ServerOptions { Name = Green, Address = GreenApp.Address, SshHost = Sshd.Host }] },
            ],
            Deployment = new DeploymentOptions
            {
                RequireApproval = false,
                Steps = [new DeployStepOptions { Name = "install", Kind = DeployStepKind.Ssh, Command = Setup.StepCommand, Timeout = TimeSpan.FromSeconds(30) }],
                SmokeChecks = [Setup.SmokeCheck],
                SmokeTimeout = Setup.SmokeTimeout,
                SmokeAttempts = Setup.SmokeAttempts,
                SmokeRetryDelay = TimeSpan.FromMilliseconds(200),
                UpTimeout = TimeSpan.FromSeconds(10),
                DrainTimeout = Setup.DrainTimeout,
                WatchDuration = TimeSpan.FromSeconds(2),
            },
        };
        var options = Options.Create(new BlueGreenOptions { DataFolder = _folder, Lab = { Enabled = false }, Environments = [Environment] });
        var catalog = new EnvironmentCatalog(options.Value.AllEnvironments());
        var registry = new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(options.Value, NullLoggerFactory.Instance, TimeProvider.System));
        _database = new BlueGreenDatabase(options);
        Store = new DeploymentStore(_database, TimeProvider.System);
        var pool = SshRemoteShellTests.CreatePool(sshOptions, out var ssh);
        _started.Add(pool);
        var steps = StepRunners.WithoutLab(ssh);
        var http = new HttpClient();
        Engine = new DeploymentEngine(catalog, registry, Store, new EnvironmentLocks(),
            new SwitchOrchestrator(TimeProvider.System, NullLogger<SwitchOrchestrator>.Instance),
            new SmokeTester(http, new ServerVersionProbe(http), TimeProvider.System), steps, new ServerVersionProbe(http),
            TimeProvider.System, NullLogger<DeploymentEngine>.Instance);
    }
}
