using BlueGreen.Core.Environments;
using BlueGreen.Core.Lab;

namespace BlueGreen.Core.Deployment;

/// <summary>Runs one configured deploy step for one server. Lab steps go to the lab's driver.</summary>
public sealed partial class DeployStepRunner(LabHost lab)
{
    /// <summary>Runs <paramref name="step"/> for <paramref name="server"/> of <paramref name="site"/>; throws
    /// <see cref="DeployStepException"/> with the reason when it fails.</summary>
    internal async Task RunAsync(DeploymentRun run, DeployStepOptions step, SiteOptions site, ServerOptions server, CancellationToken cancellationToken)
    {
        switch (step.Kind)
        {
            case DeployStepKind.Lab:
                if (!lab.IsRunning)
                {
                    throw new DeployStepException($"Step '{step.Name}' is a lab step, but the lab is not running.");
                }
                await run.LogAsync($"lab: installing {run.Record.Version} on {server.Name}", server.Name).ConfigureAwait(false);
                await lab.InstallAsync(server.Name, run.Record.Version, cancellationToken).ConfigureAwait(false);
                await run.LogAsync($"lab: {server.Name} runs {run.Record.Version}", server.Name).ConfigureAwait(false);
                break;
            default:
                await RunShellStepAsync(run, step, site, server, cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
