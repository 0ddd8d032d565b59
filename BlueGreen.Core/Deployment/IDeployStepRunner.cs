using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>Runs one deploy step for one server. <see cref="DeployStepRunner"/> is the real one; tests fake it.</summary>
public interface IDeployStepRunner
{
    /// <summary>Runs the step; throws <see cref="DeployStepException"/> with the reason when it fails. Output goes to
    /// <paramref name="log"/> (text, server, isError).</summary>
    Task RunAsync(DeployStepContext context, CancellationToken cancellationToken);
}
