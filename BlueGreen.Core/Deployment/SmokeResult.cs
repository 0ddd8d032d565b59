namespace BlueGreen.Core.Deployment;

/// <summary>One smoke check against one target (a server directly, or the front end).</summary>
public sealed class SmokeResult
{
    public string Target { get; set; } = "";
    public string Check { get; set; } = "";
    public bool Passed { get; set; }
    public int? Status { get; set; }
    public string? Version { get; set; }
    public string? Problem { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset At { get; set; }
}
