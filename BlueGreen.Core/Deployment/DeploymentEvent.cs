namespace BlueGreen.Core.Deployment;

/// <summary>A timestamped milestone of a deployment, published on its environment's stream and stored.</summary>
public sealed class DeploymentEvent
{
    public long Id { get; set; }
    public string Environment { get; set; } = "";
    public string DeploymentId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public DeploymentEventKind Kind { get; set; }
    public string Message { get; set; } = "";
}
