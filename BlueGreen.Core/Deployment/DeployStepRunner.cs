using BlueGreen.Core.Environments;
using BlueGreen.Core.Lab;
using BlueGreen.Core.Ssh;

namespace BlueGreen.Core.Deployment;

/// <summary>Runs configured deploy steps: lab steps through the lab's driver, shell steps over SSH or locally,
/// uploads over SFTP. Every placeholder is shell-quoted by <see cref="CommandTemplate"/>.</summary>
public sealed partial class DeployStepRunner(LabHost lab, SshRemoteShell ssh, LocalShell local, SecretRedactor? redactor = null) : IDeployStepRunner
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
            case DeployStepKind.Upload:
                await UploadAsync(context, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await RunShellStepAsync(context, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
