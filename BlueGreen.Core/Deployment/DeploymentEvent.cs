namespace BlueGreen.Core.Deployment;

/// <summary>A timestamped milestone of a deployment, published on its environment's stream and stored.</summary>
public sealed record DeploymentEvent
{
    public long Id { get; init; }
    public string Environment { get; init; } = "";
    public string DeploymentId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    public DeploymentEventKind Kind { get; init; }
    public string Message { get; init; } = "";
}
