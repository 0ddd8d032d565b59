using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.Experiments;

/// <summary>How a run's deployment went: its outcome, its rollback and what HAProxy counted over its switches.</summary>
public sealed record DeploymentHealth
{
    public required string DeploymentId { get; init; }
    public required DeploymentState State { get; init; }
    /// <summary>It was rolled back (by its watch or after a switch that failed).</summary>
    public bool RolledBack { get; init; }
    public TimeSpan? TimeToDetect { get; init; }
    public TimeSpan? TimeToRollback { get; init; }
    /// <summary>Requests HAProxy counted as lost over its switches and rollbacks.</summary>
    public long SwitchLost { get; init; }
    public string? Error { get; init; }
}
