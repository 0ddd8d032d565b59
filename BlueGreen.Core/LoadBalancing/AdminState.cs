namespace BlueGreen.Core.LoadBalancing;

/// <summary>What the operator asked HAProxy to do with a server.</summary>
public enum AdminState
{
    /// <summary>Takes new traffic.</summary>
    Ready,
    /// <summary>Finishes current sessions, takes no new ones.</summary>
    Drain,
    /// <summary>Out of service: no traffic, no health checks.</summary>
    Maint,
}
