using BlueGreen.Core.Lab;

namespace BlueGreen.Core.Deployment;

/// <summary>Runs configured deploy steps: lab steps through the lab's driver, shell steps over SSH or locally.</summary>
public sealed partial class DeployStepRunner(LabHost lab) : IDeployStepRunner
{
    public async Task RunAsync(DeployStepContext context, CancellationToken cancellationToken)
    {
        switch (context.Step.Kind)
        {
            case DeployStepKind.Lab:
                if (!lab.IsRunning)
                {
                    throw new DeployStepException($"Step '{context.Step.Name}' is a lab step, but the lab is not running.");
                }
                await context.Log($"lab: installing {context.Version} on {context.Server.Name}", false).ConfigureAwait(false);
                await lab.InstallAsync(context.Server.Name, context.Version, cancellationToken).ConfigureAwait(false);
                await context.Log($"lab: {context.Server.Name} runs {context.Version}", false).ConfigureAwait(false);
                break;
            default:
                await RunShellStepAsync(context, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
