using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Status;

/// <summary>Derives the live group from what the load balancers report. Pure: HAProxy is the source of truth,
/// nothing remembered.</summary>
public static class LiveGroupCalculator
{
    /// <summary>Live group on one load balancer: the groups with at least one routable (READY and UP) server.</summary>
    public static LiveGroup ForLoadBalancer(LoadBalancerState state, IReadOnlyDictionary<string, SiteGroup> groupOfServer)
    {
        var blue = false;
        var green = false;
        foreach (var server in state.Servers)
        {
            if (!server.IsRoutable || !groupOfServer.TryGetValue(server.Name, out var group))
            {
                continue;
            }
            blue |= group == SiteGroup.Blue;
            green |= group == SiteGroup.Green;
        }
        return (blue, green) switch
        {
            (true, true) => LiveGroup.Both,
            (true, false) => LiveGroup.Blue,
            (false, true) => LiveGroup.Green,
            _ => LiveGroup.None,
        };
    }

    /// <summary>Combines the per-load-balancer answers of the reachable ones: equal answers give that answer,
    /// different ones give <see cref="LiveGroup.Split"/>, none gives <see cref="LiveGroup.Unknown"/>.</summary>
    public static LiveGroup Combine(IEnumerable<LiveGroup> perLoadBalancer)
    {
        var known = perLoadBalancer.Where(g => g != LiveGroup.Unknown).Distinct().ToList();
        return known.Count switch
        {
            0 => LiveGroup.Unknown,
            1 => known[0],
            _ => LiveGroup.Split,
        };
    }

    /// <summary>How much of <paramref name="group"/> is routable, counted over every server and every load balancer
    /// that reported it.</summary>
    public static GroupLiveness Liveness(IEnumerable<ServerStatus> servers, SiteGroup group)
    {
        var states = servers.Where(s => s.Group == group).SelectMany(s => s.ByLoadBalancer.Values).ToList();
        var routable = states.Count(s => s.IsRoutable);
        return routable == 0 ? GroupLiveness.Idle : routable == states.Count ? GroupLiveness.Live : GroupLiveness.PartlyLive;
    }
}
