namespace BlueGreen.Core.LoadBalancing;

/// <summary>
/// Reads and changes the servers of one load balancer's backend. Implemented by the HAProxy runtime API
/// client and by the lab's embedded proxy. Implementations are thread-safe singletons; every call honours
/// its timeout and cancellation.
/// </summary>
public interface ILoadBalancerControl
{
    /// <summary>Where this load balancer is reached, for messages (a socket path, <c>tcp://host:port</c>, "embedded").</summary>
    string Address { get; }

    /// <summary>Reads every server of the backend. Throws <see cref="LoadBalancerException"/> when the load balancer
    /// cannot be reached or answers with an error.</summary>
    Task<LoadBalancerState> ReadStateAsync(CancellationToken cancellationToken);

    /// <summary>Sets a server's admin state (<c>set server b/s state ready|drain|maint</c>).</summary>
    Task SetServerStateAsync(string server, AdminState state, CancellationToken cancellationToken);

    /// <summary>Sets a server's weight (0-256).</summary>
    Task SetServerWeightAsync(string server, int weight, CancellationToken cancellationToken);
}
