using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

public sealed partial class DeployStepRunner
{
    private static Task RunShellStepAsync(DeploymentRun run, DeployStepOptions step, SiteOptions site, ServerOptions server, CancellationToken cancellationToken)
        => throw new DeployStepException($"Step '{step.Name}' ({step.Kind}) cannot run: SSH and local steps are not wired yet.");
}
