namespace BlueGreen.Core.LoadBalancing;

/// <summary>A load balancer's control and what kind it is ("HAProxy", "Embedded proxy"), for display.</summary>
public sealed record RegisteredControl(ILoadBalancerControl Control, string Kind);
