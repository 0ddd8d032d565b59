using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.LoadTesting;

/// <summary>Starts deploy-at deployments on the <see cref="DeploymentEngine"/> (singleton).</summary>
public sealed class DeploymentEngineStarter(DeploymentEngine engine) : IDeploymentStarter
{
    /// <inheritdoc />
    public DeploymentRecord Start(DeploymentRequest request) => engine.Start(request);
}
