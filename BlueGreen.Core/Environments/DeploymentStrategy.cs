namespace BlueGreen.Core.Environments;

/// <summary>How a release reaches the servers.</summary>
public enum DeploymentStrategy
{
    /// <summary>As paper 000: update the idle group, switch, keep the old group on the old version as a hot standby.</summary>
    BlueGreen,
    /// <summary>As paper 002: update the idle group, switch, then update the other group too and return it to service.</summary>
    TwoPhase,
}
