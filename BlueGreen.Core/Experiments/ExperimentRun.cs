namespace BlueGreen.Core.Experiments;

/// <summary>One planned run of an experiment (a level, a scenario, a repetition) and, once it ran, what it found.</summary>
public sealed record ExperimentRun
{
    /// <summary>Its place in the (interleaved) order of runs.</summary>
    public int Index { get; init; }
    public string Level { get; init; } = "";
    public string Scenario { get; init; } = "";
    /// <summary>1-based, per level and scenario.</summary>
    public int Repetition { get; init; }
    public RunState State { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>What was done to bring the environment to the baseline before the run (empty when it already was).</summary>
    public IReadOnlyList<string> BaselineActions { get; init; } = [];
    public string? LoadTestId { get; init; }
    /// <summary>The scenario's deployment, once it started.</summary>
    public string? DeploymentId { get; init; }
    /// <summary>Why it failed, was interrupted or cancelled.</summary>
    public string? Error { get; init; }
    /// <summary>All clients together, once completed.</summary>
    public RunMeasurement? Measured { get; init; }
    /// <summary>Each client, once completed.</summary>
    public IReadOnlyList<RunMeasurement> PerClient { get; init; } = [];
    public DeploymentHealth? Deployment { get; init; }

    public TimeSpan? Duration => StartedAt is { } start && EndedAt is { } end ? end - start : null;

    /// <summary>True once it will not change any more.</summary>
    public bool HasEnded => State is not (RunState.Pending or RunState.Running);
}
