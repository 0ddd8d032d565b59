using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>Ask for a deployment (from the UI or the REST API).</summary>
public sealed class DeploymentRequest
{
    public required string Environment { get; init; }
    public required string Version { get; init; }
    /// <summary>Null: the environment's configured strategy.</summary>
    public DeploymentStrategy? Strategy { get; init; }
    /// <summary>Null: the environment's configured approval gate.</summary>
    public bool? RequireApproval { get; init; }
    public required string RequestedBy { get; init; }
    /// <summary>"ui" or "api".</summary>
    public string Source { get; init; } = "ui";
}
