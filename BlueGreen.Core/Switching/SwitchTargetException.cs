using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Switching;

/// <summary>One load balancer of a switch could not be reached or refused a command. With several load balancers the
/// operator must know which one to look at: <see cref="LoadBalancer"/> names it, and so does the message.</summary>
public sealed class SwitchTargetException(string loadBalancer, LoadBalancerException inner)
    : LoadBalancerException($"Load balancer {loadBalancer}: {inner.Message}", inner)
{
    public string LoadBalancer { get; } = loadBalancer;

    /// <summary>What the load balancer's own client said, without the name.</summary>
    public string Reason => InnerException!.Message;
}
