using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Switching;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.LoadBalancing;

/// <summary>
/// An operator's manual READY / DRAIN / MAINT on one server, applied to every load balancer of its environment.
/// Refuses a drain or maint that would leave a load balancer with no server taking traffic, and any change while a
/// deployment runs on the environment (the engine owns its servers' states then). Singleton.
/// </summary>
public sealed partial class ServerControl(EnvironmentCatalog catalog, LoadBalancerRegistry registry, IRunningDeployments deployments, ILogger<ServerControl> logger)
{
    /// <summary>Sets <paramref name="server"/> to <paramref name="state"/> on every load balancer of its environment.</summary>
    /// <exception cref="ArgumentException">No such environment or server (the parameter name says which).</exception>
    /// <exception cref="SwitchException">A deployment is running, or no server would be left taking traffic.</exception>
    /// <exception cref="LoadBalancerException">A load balancer could not be read or refused the command.</exception>
    public async Task SetStateAsync(string environment, string server, AdminState state, string by, CancellationToken cancellationToken)
    {
        var options = catalog.Find(environment) ?? throw new ArgumentException($"There is no environment '{environment}'.", nameof(environment));
        if (!options.Sites.SelectMany(s => s.Servers).Any(s => s.Name == server))
        {
            throw new ArgumentException(
                $"Environment {environment} has no server '{server}'. Its servers: {string.Join(", ", options.Sites.SelectMany(s => s.Servers).Select(s => s.Name))}.",
                nameof(server));
        }
        if (deployments.Running(options.Name) is { } running)
        {
            throw new SwitchException(
                $"Deployment {running.Id} ({running.Version}) is running on {options.Name} and controls its servers; wait for it to end, or abort it, before changing {server} by hand.", trafficMoved: false);
        }
        var controls = options.LoadBalancers.Select(lb => (lb.Name, registry.Get(options.Name, lb).Control)).ToList();
        if (state != AdminState.Ready)
        {
            foreach (var (name, control) in controls)
            {
                var current = await control.ReadStateAsync(cancellationToken).ConfigureAwait(false);
                ServingGuard.EnsureStillServing(name, current, [server], trafficMoved: false);
            }
        }
        foreach (var (name, control) in controls)
        {
            LogManual(by, server, name, state);
            await control.SetServerStateAsync(server, state, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{By} set {Server} on {LoadBalancer} to {State}")]
    private partial void LogManual(string by, string server, string loadBalancer, AdminState state);
}
