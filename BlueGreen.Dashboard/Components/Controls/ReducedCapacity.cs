using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>The live group serves with fewer servers than it has.</summary>
/// <param name="Group">The live group.</param>
/// <param name="Serving">Its servers taking new traffic (READY and UP on every load balancer that reports them).</param>
/// <param name="Total">Its servers.</param>
/// <param name="NotServing">Each server that does not, with why: "b1 draining", "b1 in maint", "b1 DOWN".</param>
public sealed record ReducedCapacity(SiteGroup Group, int Serving, int Total, IReadOnlyList<string> NotServing)
{
    /// <summary>"Green live, 1 of 2 servers serving".</summary>
    public string Headline => $"{Group} live, {Serving} of {Total} server{(Total == 1 ? "" : "s")} serving";

    /// <summary>Null unless one group is live and some of its servers do not take traffic.</summary>
    public static ReducedCapacity? Of(EnvironmentStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        SiteGroup? group = status.LiveGroup switch
        {
            LiveGroup.Blue => SiteGroup.Blue,
            LiveGroup.Green => SiteGroup.Green,
            _ => null,
        };
        if (group is null)
        {
            return null;
        }
        var servers = status.Sites.Where(s => s.Group == group).SelectMany(s => s.Servers).ToList();
        var notServing = servers
            .Where(s => s.ByLoadBalancer.Count == 0 || s.ByLoadBalancer.Values.Any(state => !state.IsRoutable))
            .Select(s => $"{s.Name} {Why(s)}")
            .ToList();
        return notServing.Count == 0 ? null : new ReducedCapacity(group.Value, servers.Count - notServing.Count, servers.Count, notServing);
    }

    private static string Why(ServerStatus server)
    {
        var state = server.ByLoadBalancer.Values.FirstOrDefault(s => !s.IsRoutable);
        return state switch
        {
            null => "not reported",
            { Admin: AdminState.Maint } => "in maint",
            { Admin: AdminState.Drain } => "draining",
            { Operational: OperationalState.Down } => "DOWN",
            { Operational: OperationalState.Stopping } => "going down",
            _ => "coming up",
        };
    }
}
