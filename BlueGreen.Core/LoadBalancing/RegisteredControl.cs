namespace BlueGreen.Core.LoadBalancing;

/// <summary>A load balancer's control and what kind it is ("HAProxy", "Embedded proxy"), for display, and where its
/// own statistics page is served (the lab's HAProxy), if anywhere.</summary>
public sealed record RegisteredControl(ILoadBalancerControl Control, string Kind, string? StatsUrl = null);
