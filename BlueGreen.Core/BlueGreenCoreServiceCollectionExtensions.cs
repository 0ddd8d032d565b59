using BlueGreen.Core.Environments;
using BlueGreen.Core.Lab;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        services.AddSingleton<EnvironmentCatalog>();
        services.AddSingleton<LoadBalancerRegistry>();

        // The lab (no-op when disabled), before anything that reads load balancers.
        services.AddSingleton<LabHost>();
        services.AddHostedService(sp => sp.GetRequiredService<LabHost>());

        // Live status: the store pages read, the poller that fills it, the version probe it uses.
        services.AddSingleton<EnvironmentStatusStore>();
        // One long-lived client: a typed HttpClient would be captured by the singleton poller anyway.
        services.AddSingleton(_ => new ServerVersionProbe(new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            UseProxy = false,
            AllowAutoRedirect = false,
        })));
        services.AddSingleton<EnvironmentStatusPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<EnvironmentStatusPoller>());
        return services;
    }
}
