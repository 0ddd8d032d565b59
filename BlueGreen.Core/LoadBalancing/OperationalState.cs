namespace BlueGreen.Core.LoadBalancing;

/// <summary>What HAProxy's health checks say about a server.</summary>
public enum OperationalState
{
    Up,
    Down,
    /// <summary>Coming up: checks are passing but have not reached <c>rise</c> yet.</summary>
    Starting,
    /// <summary>Going down: checks are failing but have not reached <c>fall</c> yet.</summary>
    Stopping,
}
