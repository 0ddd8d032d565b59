using BlueGreen.Core.Deployment;

namespace BlueGreen.Tests.Fakes;

/// <summary>"Installs" a version by changing what a <see cref="VersionedServers"/> endpoint reports. Can be told to fail.</summary>
public sealed class FakeDeployStepRunner(VersionedServers servers) : IDeployStepRunner
{
    public HashSet<string> FailOn { get; } = [];
    public List<string> Installed { get; } = [];
    /// <summary>Completes a step only when released (to hold a deployment mid-update).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task RunAsync(DeployStepContext context, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }
        if (FailOn.Contains(context.Server.Name))
        {
            await context.Log("simulated failure", true);
            throw new DeployStepException($"install on {context.Server.Name} exited with code 1");
        }
        servers.SetVersion(context.Server.Name, context.Version);
        lock (Installed)
        {
            Installed.Add($"{context.Server.Name}={context.Version}");
        }
        await context.Log($"installed {context.Version}", false);
    }
}
