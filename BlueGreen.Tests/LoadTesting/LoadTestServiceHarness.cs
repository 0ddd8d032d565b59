using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.Status;
using BlueGreen.Core.Storage;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Fakes;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// A <see cref="LoadTestService"/> on a real LiteDB file in a temp folder, against a real Kestrel on loopback (the
/// front end of environment <c>test</c>), with the real <see cref="DeploymentEngine"/> for deploy-at: its servers a1
/// (Blue, live) and c1 (Green) are real HTTP endpoints whose version the fake steps change, behind a fake load
/// balancer, so a deployment of 2.0.0 really runs (in about half a second: no watch).
/// </summary>
internal sealed class LoadTestServiceHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LoadTestServiceHarness(TestWebServer server, VersionedServers servers, string folder, BlueGreenOptions options)
    {
        Server = server;
        AppServers = servers;
        Folder = folder;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        Database = new BlueGreenDatabase(DatabasePath);
        Store = new LoadTestStore(Database);
        Deployments = new DeploymentStore(Database, TimeProvider.System);
        Catalog = new EnvironmentCatalog(Options.Value.AllEnvironments());
        var registry = new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(options, NullLoggerFactory.Instance, TimeProvider.System));
        registry.Register("test", "lb1", LoadBalancer, "fake");
        var http = new HttpClient();
        Engine = new DeploymentEngine(Catalog, registry, Deployments, Locks,
            new SwitchOrchestrator(TimeProvider.System, NullLogger<SwitchOrchestrator>.Instance),
            new SmokeTester(http, new ServerVersionProbe(http), TimeProvider.System), new FakeDeployStepRunner(servers),
            new ServerVersionProbe(http), TimeProvider.System, NullLogger<DeploymentEngine>.Instance);
    }

    public TestWebServer Server { get; }
    /// <summary>The servers the engine deploys to (their versions change with each deployment).</summary>
    public VersionedServers AppServers { get; }
    /// <summary>The engine's view of environment <c>test</c>'s load balancer; <see cref="FakeLoadBalancer.LostAfterCommands"/> makes it unreachable.</summary>
    public FakeLoadBalancer LoadBalancer { get; } = new(("a1", AdminState.Ready), ("c1", AdminState.Maint));
    public EnvironmentLocks Locks { get; } = new();
    public DeploymentEngine Engine { get; }
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "bluegreen.db");
    public IOptions<BlueGreenOptions> Options { get; }
    public BlueGreenDatabase Database { get; }
    public LoadTestStore Store { get; }
    public DeploymentStore Deployments { get; }
    public EnvironmentCatalog Catalog { get; }
    public LoadTestService Service { get; private set; } = null!;

    public static async Task<LoadTestServiceHarness> StartAsync(Action<LoadTestOptions>? limits = null, bool startService = true)
    {
        var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var servers = await VersionedServers.StartAsync(["a1", "c1"], "1.0.0");
        var options = new BlueGreenOptions { Lab = { Enabled = false }, Environments = [Environment(server.BaseUri, servers)] };
        limits?.Invoke(options.LoadTesting);
        var harness = new LoadTestServiceHarness(server, servers, Integration.TempFolder("loadsvc"), options);
        harness.Service = new LoadTestService(new LoadGenerator(TimeProvider.System, HttpSenderFactory.Create), harness.Store, harness.Catalog, harness.Deployments,
            harness.Engine, harness.Options, TimeProvider.System, NullLogger<LoadTestService>.Instance);
        if (startService)
        {
            await harness.Service.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        }
        return harness;
    }

    /// <summary>Environment <c>test</c>: the Kestrel server as front end and as both sites' server; the runtime API
    /// points at a closed port (nothing here reads it).</summary>
    public static EnvironmentOptions Environment(Uri server) => Environment(server, null);

    /// <summary>Environment <c>test</c>: the Kestrel server as front end; a1 and c1 on <paramref name="servers"/>
    /// (or the Kestrel server too), deployed by fake steps with no approval and no watch.</summary>
    public static EnvironmentOptions Environment(Uri server, VersionedServers? servers) => new()
    {
        Name = "test",
        LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = $"tcp://127.0.0.1:{Integration.FreePort()}", Backend = "app", FrontendUrl = server.ToString() }],
        Sites =
        [
            new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = servers is null ? server.Authority : $"127.0.0.1:{servers.Ports["a1"]}" }] },
            new SiteOptions { Name = "C", Group = "Green", Servers = [new ServerOptions { Name = "c1", Address = servers is null ? server.Authority : $"127.0.0.1:{servers.Ports["c1"]}" }] },
        ],
        Deployment = new DeploymentOptions
        {
            RequireApproval = false,
            // Run by the fake step runner, which only changes the server's version.
            Steps = [new DeployStepOptions { Name = "install", Kind = DeployStepKind.Ssh, Command = "install-app {version}" }],
            SmokeAttempts = 1,
            UpTimeout = TimeSpan.FromSeconds(5),
            DrainTimeout = TimeSpan.FromSeconds(2),
            WatchDuration = TimeSpan.Zero,
        },
    };

    public static LoadTestSpec Spec(double rate = 100, int clients = 2, double seconds = 3, string path = "/ok", double? deployAt = null) => new()
    {
        Environment = "test",
        Path = path,
        RatePerClient = rate,
        Clients = clients,
        Duration = TimeSpan.FromSeconds(seconds),
        DeployAt = deployAt is { } at ? TimeSpan.FromSeconds(at) : null,
        DeployVersion = deployAt is null ? null : "2.0.0",
    };

    /// <summary>Waits (bounded) until the test has ended and returns its stored record.</summary>
    public async Task<LoadTestRecord> WaitEndedAsync(string id)
    {
        using var subscription = Service.Subscribe(id);
        await using var changes = new StreamItems<LoadTestChange>(subscription);
        // Subscribed first, so an end after this check arrives on the stream.
        while (Service.Get(id)!.State == LoadTestState.Running)
        {
            var change = await changes.NextAsync(Patience);
            if (change.State != LoadTestState.Running)
            {
                break;
            }
        }
        return Service.Get(id)!;
    }

    /// <summary>Waits (bounded) until the running test has published <paramref name="seconds"/> merged seconds.</summary>
    public async Task WaitSecondsAsync(string id, int seconds)
    {
        using var subscription = Service.Subscribe(id);
        await using var changes = new StreamItems<LoadTestChange>(subscription);
        while ((Service.Snapshot(id)?.Progress.Seconds ?? 0) < seconds)
        {
            await changes.NextAsync(Patience);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None).WaitAsync(Patience);
        await Engine.StopAsync(CancellationToken.None).WaitAsync(Patience);
        Database.Dispose();
        await Server.DisposeAsync();
        await AppServers.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
