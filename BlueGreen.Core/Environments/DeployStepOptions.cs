namespace BlueGreen.Core.Environments;

/// <summary>One deploy step. Placeholders <c>{version} {environment} {group} {site} {server} {host}</c> are
/// shell-quoted when substituted.</summary>
public sealed class DeployStepOptions
{
    public string Name { get; set; } = "";
    public DeployStepKind Kind { get; set; } = DeployStepKind.Ssh;
    /// <summary>The command (Ssh, Local).</summary>
    public string? Command { get; set; }
    /// <summary>Local file (Upload).</summary>
    public string? Source { get; set; }
    /// <summary>Remote path (Upload).</summary>
    public string? Destination { get; set; }
    public TimeSpan? Timeout { get; set; }
}
