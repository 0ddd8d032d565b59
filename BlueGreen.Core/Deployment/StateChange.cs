namespace BlueGreen.Core.Deployment;

/// <summary>One persisted transition of a deployment.</summary>
public sealed record StateChange
{
    public DeploymentState From { get; init; }
    public DeploymentState To { get; init; }
    public DateTimeOffset At { get; init; }
    public string? Reason { get; init; }
}
