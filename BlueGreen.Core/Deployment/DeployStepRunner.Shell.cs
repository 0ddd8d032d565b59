namespace BlueGreen.Core.Deployment;

public sealed partial class DeployStepRunner
{
    private static Task RunShellStepAsync(DeployStepContext context, CancellationToken cancellationToken)
        => throw new DeployStepException($"Step '{context.Step.Name}' ({context.Step.Kind}) cannot run: SSH and local steps are not wired yet.");
}
