using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Switching;

/// <summary>
/// The never-zero invariant: no command may leave a load balancer without a READY and UP server. Checked on a
/// fresh read before every drain or maint; pure, so it is unit-tested on its own.
/// </summary>
public static class ServingGuard
{
    /// <summary>The servers that would still take new traffic if <paramref name="removing"/> stopped taking it.</summary>
    public static IReadOnlyList<string> RemainingServers(LoadBalancerState state, IEnumerable<string> removing)
    {
        var removed = removing.ToHashSet(StringComparer.Ordinal);
        return state.Servers.Where(s => s.IsRoutable && !removed.Contains(s.Name)).Select(s => s.Name).ToList();
    }

    /// <summary>Throws <see cref="SwitchException"/> when taking <paramref name="removing"/> out would leave no server.</summary>
    public static void EnsureStillServing(string loadBalancer, LoadBalancerState state, IReadOnlyCollection<string> removing, bool trafficMoved)
    {
        if (RemainingServers(state, removing).Count == 0)
        {
            throw new SwitchException(
                $"Stopped before taking {string.Join(", ", removing)} out of service on {loadBalancer}: no other server is READY and UP there, " +
                "so the next command would cause an outage. Nothing was changed by this step; check the servers' health on the Overview.",
                trafficMoved);
        }
    }
}
