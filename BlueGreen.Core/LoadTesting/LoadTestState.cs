namespace BlueGreen.Core.LoadTesting;

/// <summary>Where a load test is in its life.</summary>
public enum LoadTestState
{
    /// <summary>Sending requests; samples are stored every second.</summary>
    Running,

    /// <summary>Ran its whole schedule.</summary>
    Completed,

    /// <summary>Stopped early by an operator; its samples and summary cover what ran.</summary>
    Stopped,

    /// <summary>The generator failed; the samples stored until then are kept.</summary>
    Failed,

    /// <summary>The dashboard stopped (or crashed) during the run; the samples stored until then are kept.</summary>
    Interrupted,
}
