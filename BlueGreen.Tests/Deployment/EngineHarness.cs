using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Core.Storage;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Fakes;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// A real <see cref="DeploymentEngine"/> and LiteDB store in a temp folder, over a fake load balancer and real
/// HTTP endpoints whose versions the fake deploy steps change. Four sites like paper 002 (or two like paper 000);
/// Blue live on 1.0.0.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private readonly string _folder;
    private readonly IDeployStepRunner _stepRunner;

    private static readonly (string Site, string Group)[] s_fourSites = [("A", "Blue"), ("B", "Blue"), ("C", "Green"), ("D", "Green")];
    private static readonly (string Site, string Group)[] s_twoSites = [("A", "Blue"), ("C", "Green")];

    private EngineHarness(VersionedServers servers, FakeLoadBalancer loadBalancer, (string Site, string Group)[] sites, string? dataFolder,
        Func<FakeDeployStepRunner, IDeployStepRunner>? steps)
    {
        _folder = dataFolder ?? Integration.TempFolder("engine");
        Servers = servers;
        LoadBalancer = loadBalancer;
        Steps = new FakeDeployStepRunner(servers);
        _stepRunner = steps?.Invoke(Steps) ?? Steps;
        Environment = new EnvironmentOptions
        {
            Name = "prod",
            LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = "/run/fake.sock", Backend = "app", FrontendUrl = $"http://127.0.0.1:{servers.FrontendPort}/" }],
            Sites = sites
                .Select(s => new SiteOptions
                {
                    Name = s.Item1,
                    Group = s.Item2,
                    Servers = [new ServerOptions { Name = s.Item1.ToLowerInvariant() + "1", Address = $"127.0.0.1:{servers.Ports[s.Item1.ToLowerInvariant() + "1"]}" }],
                }).ToList(),
            Deployment = new DeploymentOptions
            {
                RequireApproval = false,
                Steps = [new DeployStepOptions { Name = "install", Kind = DeployStepKind.Ssh }],
                SmokeAttempts = 1,
                SmokeRetryDelay = TimeSpan.FromMilliseconds(50),
                UpTimeout = TimeSpan.FromSeconds(5),
                DrainTimeout = TimeSpan.FromSeconds(2),
                WatchDuration = TimeSpan.FromSeconds(2),
                WatchMaxErrors = 5,
            },
        };
        // The front end answers with the version of whichever group the fake routes to.
        servers.FrontendVersion = () => LoadBalancer.AdminOf("c1") == AdminState.Ready ? servers.VersionOf("c1") : servers.VersionOf("a1");
        Build();
    }

    public VersionedServers Servers { get; }
    public FakeLoadBalancer LoadBalancer { get; }
    public FakeDeployStepRunner Steps { get; }
    public EnvironmentOptions Environment { get; }
    public DeploymentEngine Engine { get; private set; } = null!;
    public DeploymentStore Store { get; private set; } = null!;
    public EnvironmentLocks Locks { get; private set; } = null!;
    public BlueGreenDatabase Database { get; private set; } = null!;

    /// <summary>Four sites (a1, b1 Blue and live; c1, d1 Green), like paper 002; or, with <paramref name="twoSites"/>,
    /// one server per group (a1 Blue and live, c1 Green), like paper 000's two servers. The database goes in a new temp
    /// folder, or in <paramref name="dataFolder"/> (a small disk, say). <paramref name="steps"/> wraps the fake steps in
    /// other work (a real command, say).</summary>
    public static async Task<EngineHarness> StartAsync(bool twoSites = false, string? dataFolder = null, Func<FakeDeployStepRunner, IDeployStepRunner>? steps = null)
    {
        var sites = twoSites ? s_twoSites : s_fourSites;
        var names = sites.Select(s => s.Site.ToLowerInvariant() + "1").ToArray();
        var servers = await VersionedServers.StartAsync(names, "1.0.0");
        var lb = new FakeLoadBalancer([.. sites.Select(s => (s.Site.ToLowerInvariant() + "1", s.Group == "Blue" ? AdminState.Ready : AdminState.Maint))]);
        return new EngineHarness(servers, lb, sites, dataFolder, steps);
    }

    /// <summary>A new engine on the same database file, as after a dashboard restart.</summary>
    public void Restart()
    {
        Database.Dispose();
        Build();
    }

    private void Build()
    {
        var options = Options.Create(new BlueGreenOptions { DataFolder = _folder, Lab = { Enabled = false }, Environments = [Environment] });
        var catalog = new EnvironmentCatalog(options.Value.AllEnvironments());
        var registry = new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(options.Value, NullLoggerFactory.Instance, TimeProvider.System));
        registry.Register("prod", "lb1", LoadBalancer, "fake");
        Database = new BlueGreenDatabase(options);
        Store = new DeploymentStore(Database, TimeProvider.System);
        Locks = new EnvironmentLocks();
        var http = new HttpClient();
        Engine = new DeploymentEngine(catalog, registry, Store, Locks,
            new SwitchOrchestrator(TimeProvider.System, NullLogger<SwitchOrchestrator>.Instance),
            new SmokeTester(http, new ServerVersionProbe(http), TimeProvider.System), _stepRunner, new ServerVersionProbe(http),
            TimeProvider.System, NullLogger<DeploymentEngine>.Instance);
    }

    public DeploymentRecord Deploy(string version, DeploymentStrategy strategy = DeploymentStrategy.BlueGreen, bool approval = false)
        => Engine.Start(new DeploymentRequest { Environment = "prod", Version = version, Strategy = strategy, RequireApproval = approval, RequestedBy = "test" });

    /// <summary>Waits (bounded) until the deployment reaches <paramref name="state"/>, or fails with its log.</summary>
    public Task<DeploymentRecord> WaitForAsync(string id, DeploymentState state, TimeSpan? timeout = null)
        => DeploymentWait.ForStateAsync(Store, id, state, timeout);

    public async ValueTask DisposeAsync()
    {
        await Engine.StopAsync(CancellationToken.None);
        Database.Dispose();
        await Servers.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
