namespace BlueGreen.Core.Deployment;

/// <summary>A deployment request or action was refused. <see cref="Field"/> names the input at fault, if one is;
/// <see cref="Kind"/> maps to an HTTP status in the API.</summary>
public sealed class DeploymentRejectedException(DeploymentRejection kind, string message, string? field = null, string? runningId = null) : Exception(message)
{
    public DeploymentRejection Kind { get; } = kind;
    public string? Field { get; } = field;
    /// <summary>The deployment already running on the environment, for <see cref="DeploymentRejection.Conflict"/>.</summary>
    public string? RunningId { get; } = runningId;
}
