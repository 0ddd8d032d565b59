using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// Starts the deploy-at deployment of a load test. <see cref="DeploymentEngineStarter"/> in the dashboard; a fake in
/// tests, where the real engine's refusals (another deployment running) are hard to arrange.
/// </summary>
public interface IDeploymentStarter
{
    /// <summary>Starts a deployment in the background and returns its record at once.</summary>
    /// <exception cref="DeploymentRejectedException">The engine refused it (e.g. another deployment runs).</exception>
    DeploymentRecord Start(DeploymentRequest request);
}
