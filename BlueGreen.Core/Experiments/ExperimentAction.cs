namespace BlueGreen.Core.Experiments;

/// <summary>What an operator can do with an experiment. Which ones an experiment allows is decided by <see cref="ExperimentRules"/> only.</summary>
public enum ExperimentAction
{
    /// <summary>Stop after the current run (at once when none runs).</summary>
    Pause,
    /// <summary>Go on with the next unfinished run of a paused experiment.</summary>
    Resume,
    /// <summary>Stop the current run and start no other.</summary>
    Cancel,
}
