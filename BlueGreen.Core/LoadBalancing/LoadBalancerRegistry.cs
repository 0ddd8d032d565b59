using System.Collections.Concurrent;
using BlueGreen.Core.Environments;

namespace BlueGreen.Core.LoadBalancing;

/// <summary>
/// Hands out the control for each load balancer of each environment: one made by the default factory from the
/// configuration (HAProxy's runtime API, wired at the composition root), or one registered by the lab (its HAProxy
/// or its embedded proxy). Singleton.
/// </summary>
/// <param name="createDefault">Makes the control of a configured load balancer nobody registered.</param>
public sealed class LoadBalancerRegistry(Func<LoadBalancerOptions, RegisteredControl> createDefault)
{
    private readonly ConcurrentDictionary<(string Environment, string LoadBalancer), RegisteredControl> _controls = new();
    private readonly ConcurrentDictionary<string, string> _notices = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets a notice shown with an environment's status (e.g. "the embedded proxy is in use").</summary>
    public void SetNotice(string environment, string? notice)
    {
        if (notice is null)
        {
            _notices.TryRemove(environment, out _);
        }
        else
        {
            _notices[environment] = notice;
        }
    }

    public string? NoticeFor(string environment) => _notices.GetValueOrDefault(environment);

    /// <summary>Registers a control made elsewhere (the lab does this before the poller starts), with the URL of
    /// the load balancer's own statistics page when it serves one.</summary>
    public void Register(string environment, string loadBalancer, ILoadBalancerControl control, string kind, string? statsUrl = null)
        => _controls[(environment.ToLowerInvariant(), loadBalancer.ToLowerInvariant())] = new(control, kind, statsUrl);

    /// <summary>The control for <paramref name="loadBalancer"/> of <paramref name="environment"/>; the default
    /// factory's (HAProxy's runtime API) unless something else was registered.</summary>
    public RegisteredControl Get(string environment, LoadBalancerOptions loadBalancer)
        => _controls.GetOrAdd((environment.ToLowerInvariant(), loadBalancer.Name.ToLowerInvariant()), _ => createDefault(loadBalancer));
}
