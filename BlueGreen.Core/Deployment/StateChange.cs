namespace BlueGreen.Core.Deployment;

/// <summary>One persisted transition of a deployment.</summary>
public sealed class StateChange
{
    public DeploymentState From { get; set; }
    public DeploymentState To { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}
