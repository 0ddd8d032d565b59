namespace BlueGreen.Core.Deployment;

public sealed class ApprovalDecision
{
    public bool Promoted { get; set; }
    public string By { get; set; } = "";
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
}
