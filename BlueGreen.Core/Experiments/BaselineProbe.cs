using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;

namespace BlueGreen.Core.Experiments;

/// <summary>Reads, now, which group every load balancer of an environment routes to and which version each server
/// answers with: the facts an experiment's baseline is checked against (never a remembered state). Singleton.</summary>
public sealed class BaselineProbe(LoadBalancerRegistry registry, ServerVersionProbe versions)
{
    /// <exception cref="LoadBalancerException">A load balancer cannot be read.</exception>
    public async Task<BaselineReading> ReadAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var groupOfServer = environment.Sites.SelectMany(site => site.Servers.Select(s => (s.Name, site.ParsedGroup))).ToDictionary(x => x.Name, x => x.ParsedGroup);
        var reading = versions.ReadVersionsAsync(environment, cancellationToken);
        var states = await Task.WhenAll(environment.LoadBalancers.Select(lb => registry.Get(environment.Name, lb).Control.ReadStateAsync(cancellationToken))).ConfigureAwait(false);
        var live = LiveGroupCalculator.Combine(states.Select(s => LiveGroupCalculator.ForLoadBalancer(s, groupOfServer)));
        return new BaselineReading(live, await reading.ConfigureAwait(false));
    }
}

/// <summary>An environment's live group and each server's version (null when it did not answer), read at one moment.</summary>
public sealed record BaselineReading(LiveGroup Live, IReadOnlyDictionary<string, string?> Versions);
