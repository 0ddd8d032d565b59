namespace BlueGreen.Core.Environments;

/// <summary>What the switch does when the outgoing servers still have sessions at the drain timeout.</summary>
public enum DrainEscalation
{
    /// <summary>Keep waiting (logged at every timeout period) until the sessions end or the deployment is aborted.</summary>
    Wait,
    /// <summary>Close the remaining sessions (<c>shutdown sessions server</c>), then put the servers in maintenance.</summary>
    ShutdownSessions,
    /// <summary>Give up: put the outgoing servers back to ready, the incoming ones to maintenance, and fail.</summary>
    Abort,
}
