namespace BlueGreen.Core.Experiments;

/// <summary>Where one run of an experiment is.</summary>
public enum RunState
{
    /// <summary>Planned, not started.</summary>
    Pending,
    /// <summary>Restoring the baseline, or its load test runs.</summary>
    Running,
    /// <summary>Its load test ended and its numbers are recorded.</summary>
    Completed,
    /// <summary>It could not run or measure (the reason says why); never retried.</summary>
    Failed,
    /// <summary>The dashboard stopped while it ran; never repeated.</summary>
    Interrupted,
    /// <summary>The experiment was cancelled while it ran.</summary>
    Cancelled,
}
