namespace BlueGreen.Core.Deployment;

/// <summary>One line of a deployment's log (engine messages and each server's command output).</summary>
public sealed record DeploymentLogLine
{
    public long Id { get; init; }
    public string DeploymentId { get; init; } = "";
    public DateTimeOffset At { get; init; }
    /// <summary>The server the line is about, or empty for the engine.</summary>
    public string Server { get; init; } = "";
    public bool IsError { get; init; }
    public string Text { get; init; } = "";
}
