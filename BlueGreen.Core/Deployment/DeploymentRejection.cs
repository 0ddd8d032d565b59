namespace BlueGreen.Core.Deployment;

public enum DeploymentRejection
{
    /// <summary>Bad input (400).</summary>
    Invalid,
    /// <summary>No such environment or deployment (404).</summary>
    NotFound,
    /// <summary>Another deployment runs, or the action does not fit the state (409).</summary>
    Conflict,
}
