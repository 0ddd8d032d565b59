namespace BlueGreen.Core.Status;

/// <summary>Which group HAProxy routes new traffic to, across every load balancer of an environment.</summary>
public enum LiveGroup
{
    /// <summary>No load balancer could be read yet.</summary>
    Unknown,
    Blue,
    Green,
    /// <summary>Both groups take traffic: a switch is under way, or after a full rollout.</summary>
    Both,
    /// <summary>No server is ready and up: an outage.</summary>
    None,
    /// <summary>Load balancers disagree about the live group.</summary>
    Split,
}
