namespace BlueGreen.Core.Experiments;

public enum ExperimentRejection
{
    /// <summary>Bad input (400).</summary>
    Invalid,
    /// <summary>No such experiment (404).</summary>
    NotFound,
    /// <summary>Another experiment runs, or the action does not fit its state (409).</summary>
    Conflict,
}
