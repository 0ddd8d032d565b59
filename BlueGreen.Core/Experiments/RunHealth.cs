namespace BlueGreen.Core.Experiments;

/// <summary>One run as the report lists it: where it stands, and how its deployment went.</summary>
public sealed record RunHealth
{
    public required int Run { get; init; }
    public required string Level { get; init; }
    public required string Scenario { get; init; }
    public required int Repetition { get; init; }
    public required RunState State { get; init; }
    public string? Error { get; init; }
    public string? LoadTestId { get; init; }
    public DeploymentHealth? Deployment { get; init; }
}
