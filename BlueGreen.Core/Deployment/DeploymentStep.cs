namespace BlueGreen.Core.Deployment;

/// <summary>One step of a deployment's timeline (e.g. "Update site C", "Smoke test c1", "Switch lab-lb").</summary>
public sealed class DeploymentStep
{
    public int Index { get; set; }
    public string Name { get; set; } = "";
    /// <summary>Running, Succeeded, Failed, Skipped.</summary>
    public StepOutcome Outcome { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Detail { get; set; }

    public TimeSpan? Duration => FinishedAt is { } end ? end - StartedAt : null;
}
