namespace BlueGreen.Core.Experiments;

/// <summary>How one run ended, as its executor reports it.</summary>
public sealed record RunOutcome
{
    /// <summary>Completed, Failed or Cancelled.</summary>
    public required RunState State { get; init; }
    public string? Error { get; init; }
    public RunMeasurement? Measured { get; init; }
    public IReadOnlyList<RunMeasurement> PerClient { get; init; } = [];
    public DeploymentHealth? Deployment { get; init; }

    public static RunOutcome Failure(string error) => new() { State = RunState.Failed, Error = error };
}
