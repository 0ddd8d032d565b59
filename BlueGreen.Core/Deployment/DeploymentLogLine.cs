namespace BlueGreen.Core.Deployment;

/// <summary>One line of a deployment's log (engine messages and each server's command output).</summary>
public sealed class DeploymentLogLine
{
    public long Id { get; set; }
    public string DeploymentId { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>The server the line is about, or empty for the engine.</summary>
    public string Server { get; set; } = "";
    public bool IsError { get; set; }
    public string Text { get; set; } = "";
}
