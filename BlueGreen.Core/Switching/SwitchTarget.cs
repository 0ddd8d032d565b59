using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Switching;

/// <summary>One load balancer a switch is applied to.</summary>
public sealed record SwitchTarget(string Name, ILoadBalancerControl Control);
