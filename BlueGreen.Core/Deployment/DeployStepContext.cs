using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>Everything a deploy step needs: what to run, where, for which version, and where its output goes.</summary>
public sealed class DeployStepContext
{
    public required DeployStepOptions Step { get; init; }
    public required EnvironmentOptions Environment { get; init; }
    public required SiteOptions Site { get; init; }
    public required ServerOptions Server { get; init; }
    public required string Version { get; init; }
    public required SiteGroup Group { get; init; }
    /// <summary>Writes one line of output to the deployment's log (text, isError).</summary>
    public required Func<string, bool, ValueTask> Log { get; init; }
}
