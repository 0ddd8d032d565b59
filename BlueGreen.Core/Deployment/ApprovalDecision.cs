namespace BlueGreen.Core.Deployment;

/// <summary>An operator's promote or abort of a deployment, with who and why.</summary>
public sealed record ApprovalDecision
{
    public bool Promoted { get; init; }
    public string By { get; init; } = "";
    public string? Note { get; init; }
    public DateTimeOffset At { get; init; }
}
