namespace BlueGreen.Core.Deployment;

/// <summary>Which deployment, if any, is running on an environment now (the engine owns its load balancers then).</summary>
public interface IRunningDeployments
{
    /// <summary>The running deployment of <paramref name="environment"/>, or null.</summary>
    DeploymentRecord? Running(string environment);
}
