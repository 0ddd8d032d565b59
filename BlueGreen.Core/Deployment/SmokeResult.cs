namespace BlueGreen.Core.Deployment;

/// <summary>One smoke check against one target (a server directly, or the front end).</summary>
public sealed record SmokeResult
{
    public string Target { get; init; } = "";
    public string Check { get; init; } = "";
    public bool Passed { get; init; }
    public int? Status { get; init; }
    public string? Version { get; init; }
    public string? Problem { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset At { get; init; }
}
