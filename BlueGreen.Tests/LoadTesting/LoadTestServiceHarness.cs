using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// A <see cref="LoadTestService"/> on a real LiteDB file in a temp folder, against a real Kestrel on loopback that is
/// both the front end and the servers of environment <c>test</c>. Deploy-at goes to a <see cref="FakeDeploymentStarter"/>
/// unless another starter is made from the harness.
/// </summary>
internal sealed class LoadTestServiceHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private LoadTestServiceHarness(TestWebServer server, string folder, BlueGreenOptions options)
    {
        Server = server;
        Folder = folder;
        Options = Microsoft.Extensions.Options.Options.Create(options);
        Database = new BlueGreenDatabase(DatabasePath);
        Store = new LoadTestStore(Database);
        Deployments = new DeploymentStore(Database, TimeProvider.System);
        Catalog = new EnvironmentCatalog(Options.Value.AllEnvironments());
        Fake = new FakeDeploymentStarter(Deployments);
    }

    public TestWebServer Server { get; }
    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "bluegreen.db");
    public IOptions<BlueGreenOptions> Options { get; }
    public BlueGreenDatabase Database { get; }
    public LoadTestStore Store { get; }
    public DeploymentStore Deployments { get; }
    public EnvironmentCatalog Catalog { get; }
    public FakeDeploymentStarter Fake { get; }
    public LoadTestService Service { get; private set; } = null!;

    public static async Task<LoadTestServiceHarness> StartAsync(
        Action<LoadTestOptions>? limits = null, Func<LoadTestServiceHarness, IDeploymentStarter>? starter = null, bool startService = true)
    {
        var server = await TestWebServer.StartAsync(TestContext.Current.CancellationToken);
        var options = new BlueGreenOptions { Lab = { Enabled = false }, Environments = [Environment(server.BaseUri)] };
        limits?.Invoke(options.LoadTesting);
        var harness = new LoadTestServiceHarness(server, Integration.TempFolder("loadsvc"), options);
        harness.Service = new LoadTestService(new LoadGenerator(TimeProvider.System, HttpSenderFactory.Create), harness.Store, harness.Catalog, harness.Deployments,
            starter?.Invoke(harness) ?? harness.Fake, harness.Options, TimeProvider.System, NullLogger<LoadTestService>.Instance);
        if (startService)
        {
            await harness.Service.StartAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
        }
        return harness;
    }

    /// <summary>Environment <c>test</c>: the Kestrel server as front end and as both sites' server; the runtime API
    /// points at a closed port (nothing here reads it except a real engine, which then fails fast).</summary>
    public static EnvironmentOptions Environment(Uri server) => new()
    {
        Name = "test",
        LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = $"tcp://127.0.0.1:{Integration.FreePort()}", Backend = "app", FrontendUrl = server.ToString() }],
        Sites =
        [
            new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = server.Authority }] },
            new SiteOptions { Name = "C", Group = "Green", Servers = [new ServerOptions { Name = "c1", Address = server.Authority }] },
        ],
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
        Database.Dispose();
        await Server.DisposeAsync();
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
