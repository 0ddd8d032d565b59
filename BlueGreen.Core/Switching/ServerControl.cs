using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Switching;

/// <summary>
/// An operator's manual READY / DRAIN / MAINT on one server, applied to every load balancer of its environment.
/// Read, check and set run under the environment's lock (<see cref="EnvironmentLocks"/>): one change after the
/// other, never while a deployment holds the environment. Refuses a drain or maint that would leave a load balancer
/// with no server taking traffic. Singleton.
/// </summary>
public sealed partial class ServerControl(EnvironmentCatalog catalog, LoadBalancerRegistry registry, EnvironmentLocks locks, ILogger<ServerControl> logger)
{
    /// <summary>Sets <paramref name="server"/> to <paramref name="state"/> on every load balancer of its environment.</summary>
    /// <exception cref="ArgumentException">No such environment or server (the parameter name says which).</exception>
    /// <exception cref="EnvironmentBusyException">A deployment holds the environment.</exception>
    /// <exception cref="SwitchException">No server would be left taking traffic.</exception>
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
        var controls = options.LoadBalancers.Select(lb => (lb.Name, registry.Get(options.Name, lb).Control)).ToList();
        await locks.RunExclusiveAsync(options.Name, async ct =>
        {
            if (state != AdminState.Ready)
            {
                foreach (var (name, control) in controls)
                {
                    var current = await control.ReadStateAsync(ct).ConfigureAwait(false);
                    ServingGuard.EnsureStillServing(name, current, [server], trafficMoved: false);
                }
            }
            foreach (var (name, control) in controls)
            {
                LogManual(by, server, name, state);
                await control.SetServerStateAsync(server, state, ct).ConfigureAwait(false);
            }
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{By} set {Server} on {LoadBalancer} to {State}")]
    private partial void LogManual(string by, string server, string loadBalancer, AdminState state);
}
