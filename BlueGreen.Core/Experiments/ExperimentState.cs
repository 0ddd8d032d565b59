namespace BlueGreen.Core.Experiments;

/// <summary>Where an experiment is.</summary>
public enum ExperimentState
{
    /// <summary>Accepted; its first run has not started.</summary>
    Pending,
    /// <summary>Working through its runs.</summary>
    Running,
    /// <summary>Stopped between runs (by an operator, or after three failed runs in a row); Resume goes on.</summary>
    Paused,
    /// <summary>Every planned run ended (completed, failed or interrupted).</summary>
    Completed,
    /// <summary>An operator cancelled it; the runs not started never will.</summary>
    Cancelled,
    /// <summary>It could not go on (e.g. its environment is no longer configured).</summary>
    Failed,
}
