using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Security;
using BlueGreen.Core.Ssh;
using BlueGreen.Core.Status;
using BlueGreen.Core.Storage;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core;

public static class BlueGreenCoreServiceCollectionExtensions
{
    /// <summary>Registers the core services. Hosted services start in the order registered: the lab first, so its
    /// load balancer exists before the poller reads it.</summary>
    public static IServiceCollection AddBlueGreenCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Configuration: one root section, every problem reported at start.
        services.AddOptions<BlueGreenOptions>().Bind(configuration.GetSection(BlueGreenOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BlueGreenOptions>, BlueGreenOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        // Environments and their load balancers.
        services.AddSingleton(sp => new EnvironmentCatalog(sp.GetRequiredService<IOptions<BlueGreenOptions>>().Value.AllEnvironments()));
        // A configured load balancer is an HAProxy reached through its runtime API, unless the lab registers its own.
        services.AddSingleton(sp => new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(
            sp.GetRequiredService<IOptions<BlueGreenOptions>>().Value, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>())));
        // One lock per environment over its servers' states: deployments hold it, manual changes take turns in it.
        services.AddSingleton<EnvironmentLocks>();
        services.AddSingleton<ServerControl>();

        // The lab (no-op when disabled), before anything that reads load balancers.
        services.AddSingleton<LabHost>();
        services.AddHostedService(sp => sp.GetRequiredService<LabHost>());

        // Live status: the store pages read, the poller that fills it, the version probe it uses.
        services.AddSingleton<EnvironmentStatusStore>();
        // One long-lived client: a typed HttpClient would be captured by the singleton poller anyway.
        services.AddSingleton(_ => new ServerVersionProbe(NewHttpClient()));
        services.AddSingleton<EnvironmentStatusPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<EnvironmentStatusPoller>());

        // Storage: one LiteDB file in the data folder.
        services.AddSingleton<BlueGreenDatabase>();

        // Access: API tokens (hashes), role overrides and the append-only audit trail.
        services.AddSingleton<TokenStore>();
        services.AddSingleton<UserRoleStore>();
        services.AddSingleton<AuditLog>();

        // Deployments: the store (records, logs, events, streams), the switch, smoke tests, steps and the engine,
        // which at start marks deployments a previous process left running as Interrupted.
        services.AddSingleton<DeploymentStore>();
        services.AddSingleton<SwitchOrchestrator>();
        services.AddSingleton(sp => new SmokeTester(NewHttpClient(), sp.GetRequiredService<ServerVersionProbe>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeployStepRunner, DeployStepRunner>();

        // Shells for deploy steps: SSH (one pooled connection per host, host keys verified) and local.
        services.AddOptions<SshOptions>().Bind(configuration.GetSection(SshOptions.ConfigurationSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SshOptions>, SshOptionsValidator>();
        services.AddSingleton<SshConnectionPool>();
        services.AddSingleton<SshRemoteShell>();
        services.AddSingleton<SecretRedactor>();
        services.AddSingleton(sp => new LocalShell(sp.GetRequiredService<ILogger<LocalShell>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<SecretRedactor>(), sp.GetRequiredService<IOptions<SshOptions>>().Value.LocalEnvironmentAllowList));
        services.AddSingleton<DeploymentEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentEngine>());

        // Load tests: the generator (stateless; one pacer thread per run) with the HTTP transport, their store (runs and per-second samples),
        // deploy-at through the engine, and the service that runs them in the background; at start it marks tests a
        // previous process left running as Interrupted. After the engine: hosts stop in reverse order, so running
        // tests stop and save before the engine interrupts its deployments.
        services.AddSingleton(sp => new LoadGenerator(sp.GetRequiredService<TimeProvider>(), HttpSenderFactory.Create));
        services.AddSingleton<LoadTestStore>();
        services.AddSingleton<LoadTestService>();
        // Reports: the environment as each load test and experiment started, recorded from their streams; subscribed
        // before the load tests and the experiments start.
        services.AddSingleton<SnapshotStore>();
        services.AddHostedService<SnapshotRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<LoadTestService>());

        // Experiments: their store (definition and runs, one document each), the executor that runs one run on the
        // real engine and load tests, and the runner that works through them, resuming after a restart. Last: hosts
        // stop in reverse order, so the runner stops its run before the load tests and the engine stop.
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<BaselineProbe>();
        services.AddSingleton<IRunExecutor, RunExecutor>();
        services.AddSingleton<ExperimentRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ExperimentRunner>());
        services.AddSingleton<Retention.RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<Retention.RetentionJob>());
        return services;
    }

    /// <summary>An HttpClient for probes and smoke tests: no proxy, no redirects (a redirect would hide which
    /// server answered), connections recycled so DNS changes are seen.</summary>
    private static HttpClient NewHttpClient() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseProxy = false,
        AllowAutoRedirect = false,
    });
}
