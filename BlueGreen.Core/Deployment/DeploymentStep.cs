namespace BlueGreen.Core.Deployment;

/// <summary>One step of a deployment's timeline (e.g. "Update site C", "Smoke test c1", "Switch lab-lb").</summary>
public sealed record DeploymentStep
{
    public int Index { get; init; }
    public string Name { get; init; } = "";
    /// <summary>Running, Succeeded, Failed, Skipped.</summary>
    public StepOutcome Outcome { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public string? Detail { get; init; }

    public TimeSpan? Duration => FinishedAt is { } end ? end - StartedAt : null;
}
